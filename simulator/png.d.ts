/// <reference types="node" />
export function makePng(width: number, height: number, opts?: { noise?: boolean; seed?: number }): Buffer;
