'use strict';
/** The provider's paths the simulator answers (docs/api-notes.md, Endpoints). */
const CREATE_PATH = '/model/v1/generation';
const TASK_PREFIX = '/model/v1/generation/task/';
const CONTROL_PREFIX = '/__sim';

module.exports = { CREATE_PATH, TASK_PREFIX, CONTROL_PREFIX };
