import type { Server } from 'node:http';
export function serve(dir: string, opts?: { port?: number; host?: string }): Promise<Server>;
