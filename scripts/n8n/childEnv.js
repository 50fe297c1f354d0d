'use strict';
/**
 * The environment for a child process as if the user had typed the command in a shell.
 *
 * `npm start` / `npm run …` hand every npm setting of this repository to child processes as
 * `npm_config_*` variables; this repo's `.npmrc` has `ignore-scripts=true` (its own install runs
 * no dependency scripts), which would turn an `npm rebuild sqlite3` in n8n's install folder into a
 * no-op, and `npm_config_local_prefix` points npm at this repository instead of the folder it runs
 * in. So every npm and n8n process the scripts start gets the environment without npm's variables.
 */
function childEnv(extra = {}, base = process.env) {
	const env = {};
	for (const [key, value] of Object.entries(base)) {
		if (!/^npm_/i.test(key)) env[key] = value;
	}
	return { ...env, ...extra };
}

module.exports = { childEnv };
