'use strict';
/**
 * Tiny pure-JS PNG encoder (8-bit RGB, no interlace) using Node's zlib.
 *
 *   makePng(width, height, { noise: boolean, seed: number }) -> Buffer
 *
 * Without `noise` the picture is a smooth gradient (compresses very well, small file).
 * With `noise: true` the pixels are pseudo-random (barely compressible), so the PNG file is
 * about width*height*3 bytes: e.g. makePng(2300, 2300, { noise: true }) is ~15.9 MB.
 */
const zlib = require('zlib');

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length, 0);
	const typeBuf = Buffer.from(type, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(typeBuf)), 0);
	return Buffer.concat([len, typeBuf, data, crc]);
}

function makePng(width, height, opts = {}) {
	width = Math.floor(width);
	height = Math.floor(height);
	if (!(width > 0 && height > 0)) throw new Error('makePng: width and height must be positive');
	const noise = !!opts.noise;
	const rowLen = width * 3 + 1;
	const raw = Buffer.alloc(rowLen * height);
	// xorshift32 PRNG: deterministic for a given seed
	let s = (opts.seed >>> 0) || 0x9e3779b9;
	for (let y = 0; y < height; y++) {
		const off = y * rowLen;
		raw[off] = 0; // filter: none
		if (noise) {
			let p = off + 1;
			const end = off + rowLen;
			while (p < end) {
				s ^= s << 13; s >>>= 0;
				s ^= s >>> 17;
				s ^= s << 5; s >>>= 0;
				raw[p++] = s & 0xff;
				if (p < end) raw[p++] = (s >>> 8) & 0xff;
				if (p < end) raw[p++] = (s >>> 16) & 0xff;
			}
		} else {
			// smooth gradient, stored with the "Sub" filter so it compresses to almost nothing
			raw[off] = 1;
			const g = Math.floor((y * 255) / Math.max(1, height - 1));
			let pr = 0;
			let pg = 0;
			let pb = 0;
			for (let x = 0; x < width; x++) {
				const p = off + 1 + x * 3;
				const r = Math.floor((x * 255) / Math.max(1, width - 1));
				const b = (x >> 4) & 1 ? 160 : 96;
				raw[p] = (r - pr) & 0xff;
				raw[p + 1] = (g - pg) & 0xff;
				raw[p + 2] = (b - pb) & 0xff;
				pr = r;
				pg = g;
				pb = b;
			}
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: RGB
	ihdr[10] = 0; // compression
	ihdr[11] = 0; // filter
	ihdr[12] = 0; // interlace
	const idat = zlib.deflateSync(raw, { level: noise ? 1 : 9 });
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', idat),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

module.exports = { makePng };
