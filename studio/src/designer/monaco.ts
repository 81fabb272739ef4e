import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/language/json/monaco.contribution';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { watchWorkerLoad } from '../lib/staleBuild';

// The Studio runs where no CDN may be reachable: Monaco and its workers come from our own bundle. By default
// @monaco-editor/react loads Monaco from a CDN; loader.config({ monaco }) hands it this bundled copy instead.
// A worker is created when an editor first needs it: in a tab opened before a deploy its script may be gone, which
// recovers as a gone chunk does (lib/staleBuild.ts).
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? watchWorkerLoad(new JsonWorker(), "Monaco's JSON") : watchWorkerLoad(new EditorWorker(), "Monaco's editor");
  },
};
loader.config({ monaco });

export { monaco };
