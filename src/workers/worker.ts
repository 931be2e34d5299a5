// The one worker script of the pool: runs a task of any kind, by the kind named in its message.
// Imports are static: from source (tests, or when masthead cannot be bundled) worker threads
// load modules through tsx's require hook only, where a dynamic import() fails.
import * as xmlbuilder2 from 'xmlbuilder2';
import { renderFeedTask } from '../feeds/worker.ts';
import { provideXmlBuilder } from '../feeds/xml.ts';
import encodeImages from '../images/worker.ts';
import renderBatch from '../markdown/worker.ts';
import { renderPageTask } from '../render/worker.ts';

provideXmlBuilder(xmlbuilder2);

export const handlers = { bodies: renderBatch, images: encodeImages, pages: renderPageTask, feeds: renderFeedTask };

export type Handlers = typeof handlers;
export type TaskKind = keyof Handlers;

export default async function runTask(message: { kind: TaskKind; task: unknown }): Promise<unknown> {
  return handlers[message.kind](message.task as never);
}
