import * as fs from 'fs';
import * as path from 'path';

/** Removes the tarball globalSetup packed (and its temp folder). */
export default async function globalTeardown(): Promise<void> {
	const tgz = process.env.VIDU_QUEUE_TGZ;
	if (tgz) fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
}
