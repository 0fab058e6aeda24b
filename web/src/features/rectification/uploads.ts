// The answer form's evidence files: each file chosen is sent at once (see uploader.ts), with its
// progress, a thumbnail for a photo (from the phone's own copy, before the server has it), and
// 重试 / 移除. Only uploaded files' references go into the submission.
import { reactive } from 'vue';
import { ApiError } from '../../api/client';
import { session } from '../../app';
import { t } from '../../lib/i18n';
import { Upload, xhrSend, type UploadedFile } from './uploader';

export interface Item {
  key: number;
  name: string;
  size: number;
  type: string;
  /** A local object URL for a photo's thumbnail. */
  preview: string | null;
  sent: number;
  state: 'uploading' | 'done' | 'failed';
  message: string;
  file: UploadedFile | null;
}

let keys = 0;

export function useUploads() {
  const items = reactive<Item[]>([]);
  const uploads = new Map<number, Upload>();

  const token = (fresh: boolean) => (fresh ? session.forceRefresh() : session.accessToken());

  async function run(key: number) {
    const item = items.find((i) => i.key === key);
    const up = uploads.get(key);
    if (!item || !up) return;
    item.state = 'uploading';
    item.message = '';
    try {
      item.file = await up.run();
      item.state = 'done';
    } catch (err) {
      if (!uploads.has(key)) return; // removed meanwhile
      item.state = 'failed';
      item.message = err instanceof ApiError ? err.message : t('uploadNetwork');
    }
  }

  function add(files: FileList | File[] | null) {
    for (const f of Array.from(files ?? [])) {
      const key = (keys += 1);
      const image = f.type.startsWith('image/');
      items.push({ key, name: f.name, size: f.size, type: f.type, preview: image ? URL.createObjectURL(f) : null, sent: 0, state: 'uploading', message: '', file: null });
      const item = items[items.length - 1];
      uploads.set(key, new Upload(f, { send: xhrSend, token }, (sent) => {
        item.sent = sent;
      }));
      void run(key);
    }
  }

  function remove(key: number) {
    uploads.get(key)?.abort();
    uploads.delete(key);
    const at = items.findIndex((i) => i.key === key);
    if (at < 0) return;
    const [gone] = items.splice(at, 1);
    if (gone?.preview) URL.revokeObjectURL(gone.preview);
  }

  function clear() {
    for (const i of [...items]) remove(i.key);
  }

  return { items, add, retry: run, remove, clear };
}
