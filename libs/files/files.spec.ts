import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachmentDisposition, csvDocument, neutraliseFormula, sha256, stageFile, storedFilePath, storeOnce } from './index.js';

describe('libs/files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guankao-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores bytes once under their key, leaving no temporary file', async () => {
    const bytes = Buffer.from('進度報告');
    const key = `evidence/${sha256(bytes)}`;
    await storeOnce(dir, key, bytes);
    await storeOnce(dir, key, bytes);
    expect((await readFile(storedFilePath(dir, key))).equals(bytes)).toBe(true);
    expect(await readdir(join(dir, '.staging'))).toEqual([]);
  });

  it('streams a file, counting its checksum and size; a failed write leaves nothing', async () => {
    const staged = await stageFile(dir, async (out) => {
      out.write('a,b\r\n');
      out.end('1,2\r\n');
    });
    expect(staged).toMatchObject({ sha256: sha256(Buffer.from('a,b\r\n1,2\r\n')), byteSize: 10 });
    await staged.commit(`reports/${staged.sha256}`);
    expect((await readFile(join(dir, 'reports', staged.sha256), 'utf8'))).toBe('a,b\r\n1,2\r\n');
    await expect(stageFile(dir, async () => { throw new Error('renderer failed'); })).rejects.toThrow('renderer failed');
    expect(await readdir(join(dir, '.staging'))).toEqual([]);
  });

  it('names an attachment in any language, without bidirectional controls', () => {
    expect(attachmentDisposition('進度\u202Efdp.exe')).toBe(`attachment; filename="__fdp.exe"; filename*=UTF-8''${encodeURIComponent('進度fdp.exe')}`);
    expect(attachmentDisposition('a "b" (c).pdf')).toBe(`attachment; filename="a _b_ (c).pdf"; filename*=UTF-8''a%20%22b%22%20%28c%29.pdf`);
  });

  it('neutralises what a spreadsheet would run as a formula, and nothing else', () => {
    expect(['=1+1', '+A1', '-A1', '@SUM(A1)', '\t=1', '\r=1'].map(neutraliseFormula)).toEqual(["'=1+1", "'+A1", "'-A1", "'@SUM(A1)", "'\t=1", "'\r=1"]);
    expect(['-1.5', '+3', '12', 'a=b', '經濟部', ''].map(neutraliseFormula)).toEqual(['-1.5', '+3', '12', 'a=b', '經濟部', '']);
    expect(csvDocument([['=cmd|"/c calc"!A0', -2, null]]).toString('utf8')).toBe('\uFEFF"\'=cmd|""/c calc""!A0",-2,\r\n');
  });
});
