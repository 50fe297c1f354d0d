import type { IDataObject } from 'n8n-workflow';

import { clip } from './errors';

/** Throws the item's error with this message (and a description). */
export type Fail = (message: string, description?: string) => Error;

export function toBoolean(value: unknown, field: string, fail: Fail): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 1 || value === '1') return true;
	if (value === 'false' || value === 0 || value === '0' || value === '') return false;
	throw fail(`The value of ${field} must be true or false, not "${clip(String(value), 50)}"`);
}

/** Numbers from expressions arrive as strings: "5" is fine, "five" or 5.5 is not. */
export function toWholeNumber(value: unknown, label: string, min: number, max: number, fail: Fail): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
		throw fail(`${label} must be ${range}, not "${clip(String(value), 50)}"`);
	}
	return number;
}

export function oneOf(body: IDataObject, field: string, allowed: string[], label: string, fail: Fail) {
	if (body[field] === undefined) return;
	if (!allowed.includes(String(body[field]))) {
		throw fail(`${label} must be one of ${allowed.join(', ')}, not "${clip(String(body[field]), 50)}"`);
	}
}
