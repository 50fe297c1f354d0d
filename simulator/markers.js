'use strict';
/** `[sim:...]` markers in a prompt or payload: how a task should behave (simulator/README.md, Prompt markers). */
const { MAX_BIG_MB } = require('./mp4');

function parseMarkers(text) {
	const m = {};
	if (typeof text !== 'string' || text.indexOf('[sim:') < 0) return m;
	const re = /\[sim:([^\]]*)\]/g;
	let r;
	while ((r = re.exec(text))) {
		const tok = r[1].trim();
		let mm;
		if (tok === 'fail') m.fail = 8007095;
		else if ((mm = /^fail:(\d+)$/.exec(tok))) m.fail = mm[1].startsWith('0') ? mm[1] : Number(mm[1]);
		else if (tok === 'never') m.never = true;
		else if ((mm = /^seconds=(\d+(?:\.\d+)?)$/.exec(tok))) m.seconds = Number(mm[1]);
		else if ((mm = /^status=(.+)$/.exec(tok))) m.status = mm[1];
		else if (tok === 'novideo') m.novideo = true;
		else if ((mm = /^videotype=(.+)$/.exec(tok))) m.videotype = mm[1];
		else if ((mm = /^id=(id|task_id)$/.exec(tok))) m.idField = mm[1];
		else if (tok === 'errorstring') m.errorShape = 'string';
		else if ((mm = /^errorshape=(string|message|error_message)$/.exec(tok))) m.errorShape = mm[1];
		else if ((mm = /^bigvideo=(\d+(?:\.\d+)?)$/.exec(tok))) m.bigvideo = Math.min(MAX_BIG_MB, Number(mm[1]));
		else if (tok === 'in_progress') m.inProgress = true;
	}
	return m;
}

/** The markers of a create body: those in `payload`, overridden by those in `prompt`. */
function markersOf(body) {
	return Object.assign({}, parseMarkers(body.payload), parseMarkers(body.prompt));
}

module.exports = { markersOf };
