// A page view of the widget benches' host page (bench/widget.mjs, bench/widget-trace.mjs): a
// browser context of its own (nothing cached), the browser tests' recorder of long tasks and
// visibility (tests/web/widget-stub.mjs), and the CPU throttled `slowdown` times. The caller
// closes `context`.

import { locale, timezoneId } from '../tests/browser/helper.mjs';
import { recordHostPage } from '../tests/web/widget-stub.mjs';

export async function newHostPage(browser, slowdown = 1) {
  const context = await browser.newContext({ locale, timezoneId, viewport: { width: 1000, height: 700 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(recordHostPage);
    if (slowdown > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}
