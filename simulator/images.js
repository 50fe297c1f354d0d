'use strict';
/**
 * Image sniffing: what the bytes are (by magic number, never by name) and their dimensions,
 * read from the header only.
 *
 *   sniffImage(buf) -> { mime: 'image/png'|'image/jpeg'|'image/webp', width, height } | { mime, error } | null
 */

function sniffFormat(buf) {
	if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'image/png';
	if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
	if (buf.length >= 12 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP') return 'image/webp';
	return null;
}

function pngSize(buf) {
	// signature (8) + IHDR length (4) + 'IHDR' (4) + width (4) + height (4)
	if (buf.length < 24 || buf.toString('ascii', 12, 16) !== 'IHDR') return null;
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function jpegSize(buf) {
	let i = 2;
	while (i + 4 <= buf.length) {
		if (buf[i] !== 0xff) return null;
		let marker = buf[i + 1];
		// fill bytes
		while (marker === 0xff && i + 2 < buf.length) {
			i++;
			marker = buf[i + 1];
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any SOF
		if (i + 4 > buf.length) return null;
		const len = buf.readUInt16BE(i + 2);
		const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isSof) {
			if (i + 9 > buf.length) return null;
			return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
		}
		i += 2 + len;
	}
	return null;
}

function webpSize(buf) {
	if (buf.length < 30) return null;
	const fourcc = buf.toString('ascii', 12, 16);
	if (fourcc === 'VP8 ') {
		// frame tag (3) + start code 9d 01 2a at 23..25
		if (buf[23] !== 0x9d || buf[24] !== 0x01 || buf[25] !== 0x2a) return null;
		return { width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
	}
	if (fourcc === 'VP8L') {
		if (buf[20] !== 0x2f) return null;
		const b = buf.readUInt32LE(21);
		return { width: (b & 0x3fff) + 1, height: ((b >>> 14) & 0x3fff) + 1 };
	}
	if (fourcc === 'VP8X') {
		return { width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
	}
	return null;
}

function sniffImage(buf) {
	const mime = sniffFormat(buf);
	if (!mime) return null;
	const size = mime === 'image/png' ? pngSize(buf) : mime === 'image/jpeg' ? jpegSize(buf) : webpSize(buf);
	if (!size || !(size.width > 0) || !(size.height > 0)) return { mime, error: 'cannot read the image dimensions' };
	return { mime, width: size.width, height: size.height };
}

module.exports = { sniffImage };
