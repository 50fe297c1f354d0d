'use strict';
/**
 * The environment for a child process as if the user had typed the command in a shell.
 *
 * `npm start` / `npm run …` hand npm's view of this repository to child processes: this repo's
 * `.npmrc` has `ignore-scripts=true` (its own install runs no dependency scripts), which would turn
 * an `npm rebuild sqlite3` in n8n's install folder into a no-op, and `npm_config_local_prefix`
 * points npm at this repository instead of the folder it runs in. Those and the variables that
 * describe the running script are dropped; the user's own npm settings (registry, proxy, cache,
 * nodedir, …) pass through.
 */
const NOT_PASSED_ON = /^npm_(config_ignore_scripts|config_local_prefix|lifecycle_|package_|command$|execpath$|node_execpath$)/i;

function childEnv(extra = {}, base = process.env) {
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		if (!NOT_PASSED_ON.test(key)) env[key] = value;
	}
	return { ...env, ...extra };
}

module.exports = { childEnv };
