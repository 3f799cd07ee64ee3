// The page on a server that scans files (ClamdAddress, a real clamd): it says so before the upload, and an infected
// file sent from it is refused with the server's reason, or shown in quarantine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseFiles, screenshot, textFile, Visitors } from '../helpers/chromium.js';
import { clamdInstalled, EICAR, EICAR_SIGNATURE, startClamd, type TestClamd } from '../helpers/clamd.js';
import { startTestFerry, type TestFerry } from '../helpers/ferry.js';

describe.runIf(clamdInstalled())('the page with virus scanning', () => {
  let clamd: TestClamd;
  let refusing: TestFerry;
  let quarantining: TestFerry;
  const visitors = new Visitors();
  beforeAll(async () => {
    clamd = await startClamd();
    [refusing, quarantining] = await Promise.all([
      startTestFerry({ ClamdAddress: clamd.address }),
      startTestFerry({ ClamdAddress: clamd.address, ClamdInfected: 'quarantine' }),
      visitors.launch(),
    ]);
  });
  afterAll(async () => {
    await visitors.close();
    await Promise.all([refusing?.close(), quarantining?.close()]);
    await clamd?.stop();
  });

  it("says files are scanned (and that end-to-end encrypted ones cannot be), and shows an infected file's refusal", async () => {
    const { page, errors } = await visitors.visitor();
    await page.goto(`${refusing.url}/`);
    await page.getByText('Files are scanned for viruses before anyone can download them').waitFor();
    expect(await page.getByText('end-to-end encrypted files cannot be scanned').isVisible()).toBe(true);
    await chooseFiles(page, [textFile('eicar.txt', EICAR)]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText(`Upload of eicar.txt failed: file eicar.txt is infected (${EICAR_SIGNATURE}): refused`).waitFor();
    await screenshot(page, 'scanning-refused');
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
  });

  it('shows a quarantined file as such, with no link to it', async () => {
    const { page } = await visitors.visitor();
    await page.goto(`${quarantining.url}/`);
    await chooseFiles(page, [textFile('eicar.txt', EICAR)]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('in quarantine: found infected, never served').waitFor();
    expect(await page.getByRole('link', { name: 'eicar.txt' }).count()).toBe(0);
  });

  it('says nothing of scanning on a server without it', async () => {
    const plain = await startTestFerry();
    try {
      const { page } = await visitors.visitor();
      await page.goto(`${plain.url}/`);
      await page.getByRole('button', { name: 'Choose files' }).waitFor();
      expect(await page.getByText('scanned for viruses').count()).toBe(0);
    } finally {
      await plain.close();
    }
  });
});
