'use strict';
/** The error body the simulator answers with, the codes of a refused create, and the words of the task error codes. */

/** The documented codes a refused create carries, as strings with their leading zeros. */
const CODES = {
	PROMPT_MISSING: '008007001',
	PARAM_INVALID: '008007002',
	STYLE_INVALID: '008007003',
	DURATION_INVALID: '008007004',
	RESOLUTION_INVALID: '008007005',
};

const TASK_ERROR_MESSAGES = {
	8007001: 'Prompt missing',
	8007002: 'Parameter invalid',
	8007003: 'Style parameter invalid',
	8007004: 'Duration invalid',
	8007005: 'Resolution invalid',
	8007095: 'Internal generation error',
	8007096: 'Result parsing error',
	8007097: 'HTTP error response',
	8007098: 'Status check error',
	8007099: 'Service unavailable',
};

/** `{ error: { code, message, ...extra } }`; `code` is always a string. */
function errorBody(code, message, extra) {
	return { error: Object.assign({ code: String(code), message }, extra || {}) };
}

module.exports = { CODES, TASK_ERROR_MESSAGES, errorBody };
