/** A binary reference video's content type comes from its first bytes: MP4, MOV or AVI, nothing else. */
import { videoMime } from '../../nodes/Vidu/familyVideos';
import { AVI, MOV, MP4, PNG } from '../node/family-helpers';

describe('videoMime', () => {
	it.each([
		['an MP4 (ftyp, brand isom)', MP4, 'video/mp4'],
		['a MOV (ftyp, brand qt)', MOV, 'video/quicktime'],
		['an AVI (RIFF, form AVI)', AVI, 'video/x-msvideo'],
		['a WAV (RIFF, form WAVE)', Buffer.concat([Buffer.from('RIFF\u0024\u0000\u0000\u0000WAVEfmt ', 'latin1'), Buffer.alloc(32)]), undefined],
		['a PNG', PNG, undefined],
		['fewer than 12 bytes', MP4.subarray(0, 11), undefined],
	])('%s', (_name, bytes, mime) => {
		expect(videoMime(bytes)).toBe(mime);
	});
});
