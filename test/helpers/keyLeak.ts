/**
 * The key-leak scan: where a credential's API key occurs in what a node run gave back (output items and
 * the error). The node fixtures (test/node/fixtures.ts) run it after every run, so every node test is
 * also a key-leak test.
 */
import type { RunNodeResult } from './n8nHarness';

/** Keys shorter than this are not scanned for (they could occur by chance); tests use long, distinctive keys. */
const MIN_SECRET_LENGTH = 8;

/**
 * JSON of anything, for searching: survives cycles, BigInt, Buffers (as text) and Errors (whose message,
 * stack and cause JSON.stringify would skip).
 */
function searchableJson(value: unknown): string {
	const seen = new WeakSet<object>();
	const replacer = (_key: string, current: unknown): unknown => {
		if (typeof current === 'bigint') return String(current);
		if (current && typeof current === 'object') {
			const record = current as { type?: unknown; data?: unknown };
			if (record.type === 'Buffer' && Array.isArray(record.data)) return Buffer.from(record.data as number[]).toString('latin1');
			if (seen.has(current)) return '[cycle]';
			seen.add(current);
			if (current instanceof Error) {
				const own: Record<string, unknown> = {};
				for (const name of Object.getOwnPropertyNames(current)) own[name] = (current as unknown as Record<string, unknown>)[name];
				return { name: current.name, message: current.message, stack: current.stack, ...own };
			}
		}
		return current;
	};
	try {
		return JSON.stringify(value, replacer) ?? '';
	} catch (error) {
		return `[not serialisable: ${String(error)}]`;
	}
}

/**
 * Where `secret` occurs (as is or URL-encoded) in a run's result: each output item (json, error, paired
 * item, binary metadata; not the file bytes) and the error (message, description, context, stack,
 * the whole object, its cause chain). Empty when nowhere.
 */
export function findSecret(result: RunNodeResult, secret: unknown): string[] {
	if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return [];
	const forms = [...new Set([secret, encodeURIComponent(secret)])];
	const places: Array<[string, string]> = [];
	result.items.forEach((item, index) => {
		const binary = Object.fromEntries(
			Object.entries(item.binary ?? {}).map(([name, data]) => [name, { ...data, data: undefined }]),
		);
		places.push([`items[${index}]`, searchableJson({ ...item, binary })]);
	});
	let error: unknown = result.error;
	for (let depth = 0; error !== undefined && error !== null && depth < 5; depth++) {
		const where = depth === 0 ? 'error' : `error${'.cause'.repeat(depth)}`;
		const value = error as { message?: unknown; description?: unknown; context?: unknown; stack?: unknown; cause?: unknown };
		places.push([`${where}.message`, String(value.message ?? '')]);
		places.push([`${where}.description`, String(value.description ?? '')]);
		places.push([`${where}.context`, searchableJson(value.context)]);
		places.push([`${where}.stack`, String(value.stack ?? '')]);
		places.push([`${where} (JSON)`, searchableJson(error)]);
				error = typeof error === 'object' ? value.cause : undefined;
	}
	return places.filter(([, text]) => forms.some((form) => text.includes(form))).map(([where]) => where);
}

/** Throws (failing the test) when the API key occurs in the result; the message names where, not the key. */
export function assertNoSecret(result: RunNodeResult, secret: unknown): void {
	const leaks = findSecret(result, secret);
	if (leaks.length) {
		throw new Error(`the credential's API key leaked into the node's output: ${leaks.join(', ')}`);
	}
}

