import type { IDataObject } from 'n8n-workflow';

import type { EncodedBody, ImageInput } from './createBodyEncoding';

/** A string no JSON text holds by chance: it marks where an inline image goes. */
const marker = (index: number) => `\u0000vidu-image-${index}\u0000`;
/** A marker as JSON.stringify writes it, quotes included. */
const SLOT_IN_JSON = /"\\u0000vidu-image-(\d+)\\u0000"/g;

/**
 * A body whose `images` (or subjects' images) may hold several inline images. `template` holds
 * `imageSlot(i)` where image i goes; each inline image is written as base64 straight into one buffer
 * holding the whole JSON, as encodeCreateBody does for one image, so the memory stays about the
 * images' size plus the body's.
 */
export function encodeWithImages(template: IDataObject, images: ImageInput[]): EncodedBody {
	const text = JSON.stringify(template);
	if (images.every((image) => 'url' in image)) {
		const body = JSON.parse(text.replace(SLOT_IN_JSON, (_, i: string) => JSON.stringify((images[Number(i)] as { url: string }).url)));
		return { byteLength: Buffer.byteLength(JSON.stringify(body)), encode: () => body as IDataObject };
	}
	// The slots in the order the JSON text holds them, whatever their indexes.
	const parts: Array<string | ImageInput> = [];
	let from = 0;
	for (const match of text.matchAll(SLOT_IN_JSON)) {
		parts.push(text.slice(from, match.index), images[Number(match[1])]);
		from = match.index + match[0].length;
	}
	parts.push(text.slice(from));
	const pieces = parts.map((part) => {
		if (typeof part === 'string') return part;
		if ('url' in part) return JSON.stringify(part.url);
		return part;
	});
	const lengthOf = (piece: string | { bytes: Buffer; mime: string }) =>
		typeof piece === 'string' ? Buffer.byteLength(piece) : Buffer.byteLength(`"data:${piece.mime};base64,"`) + 4 * Math.ceil(piece.bytes.length / 3);
	const byteLength = pieces.reduce((sum, piece) => sum + lengthOf(piece), 0);
	return {
		byteLength,
		encode: () => {
			const out = Buffer.allocUnsafe(byteLength);
			let offset = 0;
			for (const piece of pieces) {
				if (typeof piece === 'string') {
					offset += out.write(piece, offset, 'utf8');
					continue;
				}
				offset += out.write(`"data:${piece.mime};base64,`, offset, 'latin1');
				offset += writeBase64(piece.bytes, out, offset);
				offset += out.write('"', offset, 'latin1');
			}
			return out;
		},
	};
}

export const imageSlot = marker;

/** Whole groups of 3 bytes encode to base64 without padding, so chunks can be joined. */
const CHUNK_BYTES = 3 * 64 * 1024;

function writeBase64(bytes: Buffer, out: Buffer, at: number): number {
	let offset = at;
	for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
		offset += out.write(bytes.subarray(start, start + CHUNK_BYTES).toString('base64'), offset, 'latin1');
	}
	return offset - at;
}
