import type { INode } from 'n8n-workflow';

import { operationError } from './errors';
import { ASPECT_RATIO_RANGE, IMAGE_MAX_BYTES, IMAGE_MAX_MB, MAX_ASPECT_RATIO } from './constants';
import { checkHttpUrl } from './urls';

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ImageInfo {
	mime: ImageMime;
	width: number;
	height: number;
}

/** Format and dimensions read from the bytes themselves; undefined when they are no complete png/jpeg/webp header. */
export function readImageInfo(bytes: Buffer): ImageInfo | undefined {
	if (isPng(bytes)) return pngInfo(bytes);
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		return jpegInfo(bytes);
	}
	if (
		bytes.length >= 12 &&
		bytes.toString('latin1', 0, 4) === 'RIFF' &&
		bytes.toString('latin1', 8, 12) === 'WEBP'
	) {
		return webpInfo(bytes);
	}
	return undefined;
}

const SIGNATURES = [Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('RIFF', 'latin1')];

/** Whether the first bytes of a file, however few, can still begin a PNG, JPEG or WebP image. */
export const mayBeImageStart = (head: Buffer): boolean =>
	SIGNATURES.some((signature) => head.length < signature.length || head.subarray(0, signature.length).equals(signature));

function isPng(bytes: Buffer): boolean {
	return (
		bytes.length >= 8 &&
		bytes.readUInt32BE(0) === 0x89504e47 &&
		bytes.readUInt32BE(4) === 0x0d0a1a0a
	);
}

function pngInfo(bytes: Buffer): ImageInfo | undefined {
	if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
	return known('image/png', bytes.readUInt32BE(16), bytes.readUInt32BE(20));
}

function jpegInfo(bytes: Buffer): ImageInfo | undefined {
	let offset = 2;
	while (offset + 4 <= bytes.length) {
		if (bytes[offset] !== 0xff) return undefined;
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset += 1;
			continue;
		}
		const isStartOfFrame =
			marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isStartOfFrame) {
			if (offset + 9 > bytes.length) return undefined;
			return known('image/jpeg', bytes.readUInt16BE(offset + 7), bytes.readUInt16BE(offset + 5));
		}
		offset += 2 + bytes.readUInt16BE(offset + 2);
	}
	return undefined;
}

function webpInfo(bytes: Buffer): ImageInfo | undefined {
	if (bytes.length < 30) return undefined;
	const chunk = bytes.toString('latin1', 12, 16);
	if (chunk === 'VP8 ') {
		return known('image/webp', bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff);
	}
	if (chunk === 'VP8L') {
		const bits = bytes.readUInt32LE(21);
		return known('image/webp', (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
	}
	if (chunk === 'VP8X') {
		return known('image/webp', bytes.readUIntLE(24, 3) + 1, bytes.readUIntLE(27, 3) + 1);
	}
	return undefined;
}

function known(mime: ImageMime, width: number, height: number): ImageInfo | undefined {
	return width > 0 && height > 0 ? { mime, width, height } : undefined;
}

/** A file cut short after its header still has a valid header: its end marker tells. */
function looksComplete(mime: ImageMime, bytes: Buffer): boolean {
	if (mime === 'image/png') return bytes.lastIndexOf('IEND', undefined, 'latin1') >= bytes.length - 12;
	// Some encoders leave a few bytes after the end-of-image marker.
	if (mime === 'image/jpeg') return bytes.subarray(-64).includes(Buffer.from([0xff, 0xd9]));
	return bytes.readUInt32LE(4) + 8 <= bytes.length;
}

function describeUnsupported(bytes: Buffer): string {
	const head = bytes.toString('latin1', 0, 16);
	if (head.startsWith('GIF8')) return 'a GIF image';
	if (/^\s*(<\?xml|<svg)/i.test(bytes.toString('utf8', 0, 256))) return 'an SVG image';
	if (head.startsWith('BM')) return 'a BMP image';
	if (isPng(bytes) || bytes[0] === 0xff || head.startsWith('RIFF')) {
		return 'a corrupt or truncated image';
	}
	return 'not a PNG, JPEG or WebP image';
}

/** Checks the image against the provider's limits; its true content type comes from the bytes. */
export function checkImage(
	node: INode,
	bytes: Buffer,
	itemIndex: number,
	sourceName: string,
): ImageInfo {
	if (bytes.length === 0) {
		throw operationError(node, `The image in ${sourceName} is empty (0 bytes)`, { itemIndex });
	}
	if (bytes.length > IMAGE_MAX_BYTES) {
		throw operationError(node, `The image in ${sourceName} is larger than ${IMAGE_MAX_MB} MB`, {
			description: `It has ${bytes.length} bytes; the API accepts images up to ${IMAGE_MAX_MB} MB.`,
			itemIndex,
		});
	}
	const info = readImageInfo(bytes);
	if (!info || !looksComplete(info.mime, bytes)) {
		throw operationError(
			node,
			`The image in ${sourceName} is ${describeUnsupported(bytes)}: Vidu accepts PNG, JPEG and WebP only`,
			{ description: 'The format is judged by the file content, not by its name or declared type.', itemIndex },
		);
	}
	const ratio = Math.max(info.width, info.height) / Math.min(info.width, info.height);
	if (ratio > MAX_ASPECT_RATIO) {
		throw operationError(
			node,
			`The image in ${sourceName} is ${info.width}×${info.height}: its aspect ratio must be between ${ASPECT_RATIO_RANGE}`,
			{ itemIndex },
		);
	}
	return info;
}

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),/i;

/** Raw base64 or a data URL, decoded; the declared type is not trusted (the bytes decide). */
export function decodeBase64Image(node: INode, text: string, itemIndex: number): Buffer {
	let payload = text.trim();
	const dataUrl = DATA_URL.exec(payload);
	if (payload.toLowerCase().startsWith('data:')) {
		if (!dataUrl || !dataUrl[2].toLowerCase().includes(';base64')) {
			throw operationError(node, 'The Image (Base64) data URL is malformed', {
				description: 'Use the form data:image/png;base64,<data> (or give raw base64).',
				itemIndex,
			});
		}
		if (!/^image\/[a-z0-9.+-]+$/i.test(dataUrl[1])) {
			throw operationError(node, 'The Image (Base64) data URL has no image content type', {
				description: 'The API requires the content type, e.g. data:image/png;base64,<data>.',
				itemIndex,
			});
		}
		payload = payload.slice(dataUrl[0].length);
	}
	payload = payload.replace(/\s+/g, '');
	if (payload.length === 0 || payload.length % 4 === 1 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(payload)) {
		throw operationError(node, 'Image (Base64) is not valid base64', { itemIndex });
	}
	return Buffer.from(payload, 'base64');
}

export function checkImageUrl(node: INode, value: string, itemIndex: number): string {
	return checkHttpUrl(
		node,
		value,
		'Image URL',
		itemIndex,
		'Give a full URL that the provider can reach, e.g. https://example.com/photo.png.',
	);
}
