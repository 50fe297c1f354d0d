/** What a request that got no answer failed on, read from the error Node or axios threw. */

export function networkCode(error: unknown): string {
	const value = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = value?.code ?? value?.cause?.code;
	if (typeof code === 'string') return code;
	return /timeout/i.test(String(value?.message ?? '')) ? 'ETIMEDOUT' : 'ECONNRESET';
}

export function isTimeout(error: unknown): boolean {
	const value = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
	const codes = [value?.code, value?.cause?.code];
	if (codes.includes('ECONNABORTED') || codes.includes('ETIMEDOUT')) return true;
	return /timeout/i.test(`${String(value?.message ?? '')} ${String(value?.cause?.message ?? '')}`);
}

export function isAbort(error: unknown): boolean {
	const value = error as { name?: string; code?: string };
	return value?.name === 'AbortError' || value?.name === 'CanceledError' || value?.code === 'ERR_CANCELED';
}
