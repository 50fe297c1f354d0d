'use strict';
/**
 * MP4 files served by the simulator.
 *
 * - sampleMp4(): the committed 1 s, 64x64 H.264 clip (assets/sample.mp4), read once.
 * - bigMp4Length(bytes) / streamBigMp4(res, bytes): a valid-looking MP4 of exactly `bytes` bytes: the sample's own
 *   boxes (ftyp, moov, mdat) followed by one top-level `free` box that pads the file to the wanted size. The padding is
 *   written in chunks honouring backpressure, never held in memory whole.
 */
const fs = require('fs');
const path = require('path');

const SAMPLE_PATH = path.join(__dirname, 'assets', 'sample.mp4');
let sample = null;
function sampleMp4() {
	if (!sample) sample = fs.readFileSync(SAMPLE_PATH);
	return sample;
}

const CHUNK = Buffer.alloc(256 * 1024); // zeros, shared, never modified
/** The largest big MP4 the simulator serves, in MB. */
const MAX_BIG_MB = 4096;

/** Total length of a big MP4 asked to be `bytes` long (never smaller than the sample plus an empty free box). */
function bigMp4Length(bytes) {
	const min = sampleMp4().length + 8;
	return Math.max(min, Math.floor(bytes));
}

function freeBoxHeader(boxSize) {
	if (boxSize <= 0xffffffff) {
		const h = Buffer.alloc(8);
		h.writeUInt32BE(boxSize, 0);
		h.write('free', 4, 'ascii');
		return h;
	}
	// 64-bit "largesize" box
	const h = Buffer.alloc(16);
	h.writeUInt32BE(1, 0);
	h.write('free', 4, 'ascii');
	h.writeBigUInt64BE(BigInt(boxSize), 8);
	return h;
}

/**
 * Writes the whole file to a writable (an http.ServerResponse). Resolves when done, or when the writable is
 * closed/destroyed early (then resolves with false).
 */
function streamBigMp4(res, bytes) {
	const total = bigMp4Length(bytes);
	const head = sampleMp4();
	const boxSize = total - head.length;
	const header = freeBoxHeader(boxSize);
	return new Promise((resolve) => {
		let remaining = boxSize - header.length;
		let finished = false;
		const done = (ok) => {
			if (finished) return;
			finished = true;
			res.removeListener('close', onClose);
			resolve(ok);
		};
		const onClose = () => done(false);
		res.on('close', onClose);
		const pump = () => {
			while (remaining > 0) {
				if (res.destroyed || res.writableEnded) return done(false);
				const n = Math.min(remaining, CHUNK.length);
				remaining -= n;
				const ok = res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
				if (!ok) {
					res.once('drain', pump);
					return;
				}
			}
			res.end(() => done(true));
		};
		res.write(head);
		res.write(header);
		pump();
	});
}

module.exports = { sampleMp4, bigMp4Length, streamBigMp4, MAX_BIG_MB };
