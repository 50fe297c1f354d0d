import type { IDataObject } from 'n8n-workflow';

export type ImageInput = { url: string } | { bytes: Buffer; mime: string };

export interface EncodedBody {
	/** The exact size of the JSON the API will receive, known before anything is built. */
	byteLength: number;
	encode(): IDataObject | Buffer;
}

/** Whole groups of 3 bytes encode to base64 without padding, so chunks can be joined. */
const CHUNK_BYTES = 3 * 64 * 1024;

/**
 * The create body with the image last in `images`. An inline image is written as base64 straight into
 * one buffer holding the whole JSON: no base64 string, no JSON text of 20 MB, no copy of either, so
 * sending a 15 MB image costs about twice its size in memory instead of seven times.
 */
export function encodeCreateBody(fields: IDataObject, image: ImageInput): EncodedBody {
	if ('url' in image) {
		const body = { ...fields, images: [image.url] };
		return { byteLength: Buffer.byteLength(JSON.stringify(body)), encode: () => body };
	}
	const withPlaceholder = JSON.stringify({ ...fields, images: [''] });
	const head = `${withPlaceholder.slice(0, -3)}data:${image.mime};base64,`;
	const tail = '"]}';
	const headBytes = Buffer.byteLength(head);
	const base64Bytes = 4 * Math.ceil(image.bytes.length / 3);
	const byteLength = headBytes + base64Bytes + tail.length;
	return {
		byteLength,
		encode: () => {
			const out = Buffer.allocUnsafe(byteLength);
			let offset = out.write(head, 0, 'utf8');
			for (let start = 0; start < image.bytes.length; start += CHUNK_BYTES) {
				const chunk = image.bytes.subarray(start, start + CHUNK_BYTES);
				offset += out.write(chunk.toString('base64'), offset, 'latin1');
			}
			out.write(tail, offset, 'latin1');
			return out;
		},
	};
}
