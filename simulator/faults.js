'use strict';
/** The fault queue: rules that make the next matching requests fail (simulator/README.md, Fault injection). */

function matchPath(rule, p) {
	if (rule.path === undefined || rule.path === null) return true;
	if (rule.path instanceof RegExp) return rule.path.test(p);
	if (typeof rule.path === 'string') {
		if (rule.path.startsWith('/')) return p.startsWith(rule.path);
		try {
			return new RegExp(rule.path).test(p);
		} catch {
			return false;
		}
	}
	return false;
}

function normalizeFault(f) {
	if (!f || typeof f !== 'object') throw new Error('a fault must be an object');
	const rule = Object.assign({}, f);
	if (rule.pathRegex !== undefined) rule.path = new RegExp(rule.pathRegex);
	if (rule.times === undefined || rule.times === null) rule.times = 1;
	if (typeof rule.times !== 'number' || rule.times === 0) throw new Error('fault.times must be a number >= 1 (or -1: forever)');
	if (rule.destroy !== undefined && rule.destroy !== 'before' && rule.destroy !== 'after') {
		throw new Error("fault.destroy must be 'before' or 'after'");
	}
	if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) {
		throw new Error('fault.status must be an HTTP status code');
	}
	if (rule.delayMs !== undefined && !(typeof rule.delayMs === 'number' && rule.delayMs >= 0)) {
		throw new Error('fault.delayMs must be a number >= 0');
	}
	if (rule.status === undefined && rule.destroy === undefined && !rule.hang && rule.delayMs === undefined) {
		throw new Error('a fault needs one of: status, delayMs, destroy, hang');
	}
	if (rule.method) rule.method = String(rule.method).toUpperCase();
	return rule;
}

/** A rule as JSON can show it (the control API, the request log). */
function describeFault(rule) {
	const d = {};
	for (const k of ['method', 'status', 'delayMs', 'destroy', 'hang']) if (rule[k] !== undefined) d[k] = rule[k];
	if (rule.path !== undefined) d.path = String(rule.path);
	return d;
}

/** What a request log entry says about the fault applied to it. */
function faultLogEntry(rule) {
	const kind = rule.destroy ? `destroy-${rule.destroy}` : rule.hang ? 'hang' : rule.status ? 'status' : 'delay';
	return Object.assign({ kind }, describeFault(rule));
}

function createFaultQueue() {
	let rules = [];
	return {
		get rules() {
			return rules;
		},
		add(fault) {
			const list = Array.isArray(fault) ? fault : [fault];
			for (const f of list) rules.push(normalizeFault(f));
		},
		/** The first rule matching the request, one use of it consumed; null when none does. */
		take(method, p) {
			for (let i = 0; i < rules.length; i++) {
				const r = rules[i];
				if (r.method && r.method !== method) continue;
				if (!matchPath(r, p)) continue;
				if (r.times > 0) {
					r.times--;
					if (r.times === 0) rules.splice(i, 1);
				}
				return r;
			}
			return null;
		},
		list() {
			return rules.map(describeFault);
		},
		clear() {
			rules = [];
		},
	};
}

module.exports = { createFaultQueue, faultLogEntry };
