'use strict';
/*
 * Every long-running process the queue harness starts (Postgres, Redis, n8n main, workers,
 * webhook processor) runs in its own process group and is registered here, so it is stopped
 * whatever happens to the process that started it:
 *  - stopGroup(): SIGTERM (or the signal given), SIGKILL after a grace period;
 *  - on exit, SIGINT, SIGTERM of this process: SIGKILL to every registered group;
 *  - a detached watchdog (one per process that uses this module) kills the registered groups and
 *    removes the registered folders when this process dies without running any handler (SIGKILL,
 *    an OOM kill, a CI timeout).
 * Node's stdlib only.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const groups = new Map(); // pid -> { name, exited: Promise }
const dirs = new Set();
let stateFile = null;

function writeState() {
	if (!stateFile) startWatchdog();
	fs.writeFileSync(stateFile, JSON.stringify({ pids: [...groups.keys()], dirs: [...dirs] }));
}

const WATCHDOG = `
const fs = require('fs');
const [parent, file] = process.argv.slice(1);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const timer = setInterval(() => {
	if (!fs.existsSync(file)) { clearInterval(timer); return; }
	if (alive(Number(parent))) return;
	clearInterval(timer);
	let state = { pids: [], dirs: [] };
	try { state = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
	for (const pid of state.pids) { try { process.kill(-pid, 'SIGKILL'); } catch {} }
	setTimeout(() => {
		for (const dir of state.dirs) { try { fs.rmSync(dir, { recursive: true, force: true }); } catch {} }
		try { fs.rmSync(file, { force: true }); } catch {}
	}, 1000);
}, 1000);
`;

function startWatchdog() {
	stateFile = path.join(os.tmpdir(), `n8n-vidu-queue-${process.pid}-${Date.now()}.json`);
	fs.writeFileSync(stateFile, '{"pids":[],"dirs":[]}');
	const child = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), stateFile], { detached: true, stdio: 'ignore' });
	child.unref();
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		/* already gone */
	}
}

function killAll() {
	for (const pid of groups.keys()) killGroup(pid, 'SIGKILL');
}

process.on('exit', () => {
	killAll();
	if (stateFile) fs.rmSync(stateFile, { force: true });
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(signal, () => {
		killAll();
		process.exit(128 + os.constants.signals[signal]);
	});
}

/**
 * Spawn `cmd` in its own process group and register it.
 * @param {string} name for messages
 * @param {object} opts child_process.spawn options (detached is forced)
 * @returns {{child: import('child_process').ChildProcess, name: string, exited: Promise<{code:number|null, signal:string|null}>, isRunning: () => boolean}}
 */
function spawnGroup(name, cmd, args, opts = {}) {
	const child = spawn(cmd, args, { ...opts, detached: true });
	let running = true;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			running = false;
			resolve({ code, signal });
		});
		child.on('error', (error) => {
			running = false;
			resolve({ code: null, signal: null, error });
		});
	});
	if (child.pid) {
		groups.set(child.pid, { name });
		writeState();
	}
	return { child, name, exited, isRunning: () => running };
}

/** Stop a process group: `signal`, then SIGKILL after `graceMs`; resolves once the leader has exited. */
async function stopGroup(proc, { signal = 'SIGTERM', graceMs = 15000 } = {}) {
	const pid = proc.child.pid;
	if (!pid) return;
	if (proc.isRunning()) {
		killGroup(pid, signal);
		const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
		await proc.exited;
		clearTimeout(timer);
	}
	killGroup(pid, 'SIGKILL'); // what is left of the group (e.g. n8n's task runner)
	groups.delete(pid);
	writeState();
}

/** A folder removed by the watchdog if this process dies; unregister it with forgetDir after removing it yourself. */
function registerDir(dir) {
	dirs.add(dir);
	writeState();
}

function forgetDir(dir) {
	dirs.delete(dir);
	writeState();
}

module.exports = { spawnGroup, stopGroup, registerDir, forgetDir };
