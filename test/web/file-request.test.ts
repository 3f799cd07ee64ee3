// A file request's page (/r/<id>) in Chromium against a real Ferry: a visitor with the link gives their name and
// the password, chooses a file, sends it, and the requester receives it; a refusal is said on the page.
import { describe, expect, it } from 'vitest';
import { chooseFiles, ferryInChromium, textFile } from '../helpers/chromium.js';

const setup = ferryInChromium({ FeatureAuthentication: 'enabled' });

describe('the file request page', () => {
  it('sends the chosen files to the requester, with the sender’s name, after the password', async () => {
    const { ferry } = setup;
    const rita = await ferry.services.users.create({ provider: 'local', login: 'rita', password: 'rita-password' });
    const request = await ferry.services.requests.create(rita, {
      title: 'Your slides',
      message: 'Before Friday, please',
      maxFileSize: 1000,
      password: 'open-sesame',
      nameField: 'required',
    });
    const { page, errors } = await setup.visitors.visitor();
    await page.goto(`${ferry.url}/r/${request.id}`);
    await page.getByRole('heading', { name: 'Your slides' }).waitFor();
    expect(await page.getByText('Before Friday, please').isVisible()).toBe(true);
    await chooseFiles(page, [textFile('slides.txt', 'slide one')]);
    await page.getByLabel('Your name').fill('Sam');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('wrong password for this file request').waitFor();
    await page.getByLabel('Password').fill('open-sesame');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Sent 1 file. Thank you!').waitFor();
    const [submission] = await ferry.services.requests.received(request);
    expect(submission?.submission.senderName).toBe('Sam');
    expect(submission?.files.map((f) => [f.name, f.size])).toEqual([['slides.txt', 9]]);
    expect(errors).toEqual([]);
  });
});
