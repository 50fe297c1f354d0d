'use strict';
/** Result videos and test images, without auth: they stand for the provider's CDN. */
const fs = require('fs');
const path = require('path');
const { sampleMp4, bigMp4Length, streamBigMp4, MAX_BIG_MB } = require('./mp4');
const { makePng } = require('./png');
const { errorBody } = require('./errors');

const IMAGE_ASSETS = {
	'sample.png': 'image/png',
	'sample.jpg': 'image/jpeg',
	'sample.webp': 'image/webp',
	'wide.png': 'image/png',
};
const imageCache = new Map();
/** The bytes of one of IMAGE_ASSETS, read once. */
function imageAsset(name) {
	let buf = imageCache.get(name);
	if (!buf) {
		buf = fs.readFileSync(path.join(__dirname, 'assets', name));
		imageCache.set(name, buf);
	}
	return buf;
}

/** Returns a route: (ctx) => a result for GET/HEAD /files/... and /images/..., or null for any other request. */
function fileRoutes({ store, stats }) {
	/** The video a /files/ name stands for: { mb } (null: the sample) or { missing } (a 404 result). */
	function videoFile(ctx, name) {
		if (name === 'big.mp4') {
			const mb = Number(ctx.query.mb);
			return { mb: Math.min(MAX_BIG_MB, mb > 0 ? mb : 1) };
		}
		if (name === 'sample.mp4') return { mb: null };
		const m = /^(.+)\.mp4$/.exec(name);
		const task = m && store.tasks.get(m[1]);
		if (!task) return { missing: { status: 404, json: errorBody('404', 'No such file') } };
		const phase = store.state(task, Date.now()).phase;
		if (task.fixedStatus || phase !== 'completed' || task.novideo) {
			return { missing: { status: 404, json: errorBody('404', 'No such file (the task has no video)') } };
		}
		return { mb: task.bigVideoMb };
	}

	function video(ctx, head) {
		const file = videoFile(ctx, decodeURIComponent(ctx.pathname.slice('/files/'.length)));
		if (file.missing) return file.missing;
		stats.count('fileDownloads');
		if (file.mb) {
			const total = bigMp4Length(file.mb * 1024 * 1024);
			return {
				status: 200,
				headers: { 'Content-Type': 'video/mp4', 'Content-Length': total, 'Accept-Ranges': 'none' },
				head,
				stream: (res) => streamBigMp4(res, total),
			};
		}
		return { status: 200, headers: { 'Content-Type': 'video/mp4' }, buffer: sampleMp4(), head };
	}

	function image(ctx, head) {
		const name = ctx.pathname.slice('/images/'.length);
		if (IMAGE_ASSETS[name]) return { status: 200, headers: { 'Content-Type': IMAGE_ASSETS[name] }, buffer: imageAsset(name), head };
		if (name === 'noise.png') {
			const w = Math.min(4096, Math.max(1, Number(ctx.query.width) || 512));
			const h = Math.min(4096, Math.max(1, Number(ctx.query.height) || w));
			return { status: 200, headers: { 'Content-Type': 'image/png' }, buffer: makePng(w, h, { noise: true }), head };
		}
		return { status: 404, json: errorBody('404', 'No such image') };
	}

	return (ctx) => {
		const head = ctx.method === 'HEAD';
		if (ctx.method !== 'GET' && !head) return null;
		if (ctx.pathname.startsWith('/files/')) return video(ctx, head);
		if (ctx.pathname.startsWith('/images/')) return image(ctx, head);
		return null;
	};
}

module.exports = { fileRoutes };
