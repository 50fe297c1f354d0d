/** The model, the API's paths and the provider's limits, from the model's reference page (docs/api-notes.md). */
export const MODEL_ID = 'viduq2_turbo_img2video';
export const CREDENTIAL_TYPE = 'vtrixApi';
export const DEFAULT_BASE_URL = 'https://cloud.vtrix.ai';

export const CREATE_PATH = '/model/v1/generation';
const TASK_PATH = '/model/v1/generation/task/';

/** A task's path: the id is one encoded segment, so "../x" or "a/b?c" cannot change the path or the query. */
export const taskPath = (taskId: string) => `${TASK_PATH}${encodeURIComponent(taskId)}`;

export const IMAGE_MAX_BYTES = 50 * 1024 * 1024;
export const REQUEST_BODY_MAX_BYTES = 20 * 1024 * 1024;
export const PROMPT_MAX_CHARS = 2000;
export const PAYLOAD_MAX_CHARS = 1_048_576;
export const DURATION_MIN = 1;
export const DURATION_MAX = 10;
export const DURATION_DEFAULT = 5;
export const WM_POSITION_MIN = 1;
export const WM_POSITION_MAX = 4;
/** Aspect ratio (long side ÷ short side) may be at most 4. */
export const MAX_ASPECT_RATIO = 4;
export const RESOLUTIONS = ['540p', '720p', '1080p'];
export const MOVEMENT_AMPLITUDES = ['auto', 'small', 'medium', 'large'];
