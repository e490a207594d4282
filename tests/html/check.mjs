// SPDX-License-Identifier: MIT
// Checks a page of `sipsim run --html` in headless Chromium against the run's messages.csv (and
// calls.csv beside it): the page loads nothing and logs no error; it draws every message, in
// order, with its label and time; a click on a message (its label or its arrow) shows that
// message's exact text and metadata; next, previous, the arrow keys and the slider step through
// the flow; the call filter shows exactly that call's messages.
//
//   node tests/html/check.mjs PAGE.html MESSAGES.csv
//
// Prints each failure as "error: ...", then one line of JSON with what was checked; exits with 1
// on any failure. tests/test-html.c runs it. $CHROMIUM overrides /usr/bin/chromium.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [pagePath, csvPath] = process.argv.slice(2);
if (!pagePath || !csvPath) {
    console.error('usage: node check.mjs PAGE.html MESSAGES.csv');
    process.exit(2);
}

// messages.csv and calls.csv have no quoted fields: sipsim writes none with a comma.
function readCsv(path) {
    const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
    const names = header.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

const rows = readCsv(csvPath);
const callsPath = join(dirname(csvPath), 'calls.csv');
const calls = existsSync(callsPath) ? readCsv(callsPath) : [];

const errors = [];
const fail = (what) => errors.push(what);
const isStun = (r) => r.message.startsWith('STUN-') && r.call_id === '';
const isResponse = (r) => /^\d{3}\//.test(r.message);
const label = (r) => r.message + (r.retransmission === '1' ? ' (again)' : '');
const ladderTime = (ns) => {
    const t = BigInt(ns);
    return `${t / 1000000000n}.${String((t % 1000000000n) / 1000000n).padStart(3, '0')}`;
};
const fullTime = (ns) => {
    const t = BigInt(ns);
    return `${t / 1000000000n}.${String(t % 1000000000n).padStart(9, '0')} s`;
};

const pageUrl = pathToFileURL(resolve(pagePath)).href;
const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
    ],
});
const summary = { ok: false, messages: rows.length, elements: 0, clicked: [], steps: 0, filter: null };
try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(10000);
    page.on('console', (m) => {
        if (m.type() === 'error')
            fail(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => fail(`page error: ${e.message}`));
    page.on('request', (r) => {
        if (r.url() !== pageUrl)
            fail(`the page loaded ${r.url()}: it must be self-contained`);
    });
    await page.goto(pageUrl, { waitUntil: 'load' });

    // Every message, in send order, with its label and its time.
    const drawn = await page.$$eval('svg#flow g.msg', (gs) =>
        gs.map((g) => ({ id: g.id, label: g.querySelector('.label').textContent, time: g.querySelector('.t').textContent })));
    summary.elements = drawn.length;
    if (drawn.length !== rows.length)
        fail(`the page draws ${drawn.length} messages, messages.csv has ${rows.length}`);
    rows.forEach((r, i) => {
        const d = drawn[i];
        if (!d || d.id !== `m${i}` || d.label !== label(r) || d.time !== ladderTime(r.time_ns))
            fail(`message ${i}: drawn as ${JSON.stringify(d)}, expected ${label(r)} at ${ladderTime(r.time_ns)}`);
    });

    // What the page shows after selecting message i: one detail, with that message's text.
    async function checkShown(i, how) {
        const r = rows[i];
        const shown = await page.evaluate(() => {
            const open = Array.from(document.querySelectorAll('#detail article')).filter((a) => !a.hidden);
            const selected = Array.from(document.querySelectorAll('g.msg.selected')).map((g) => g.id);
            if (open.length !== 1)
                return { open: open.length, selected };
            const a = open[0];
            const meta = {};
            const dts = a.querySelectorAll('dt');
            dts.forEach((dt) => (meta[dt.textContent] = dt.nextElementSibling.textContent));
            const hex = a.querySelector('pre.hex');
            return {
                open: 1,
                selected,
                id: a.id,
                title: a.querySelector('h2').textContent,
                meta,
                text: a.querySelector('pre.text').textContent,
                hex: hex ? hex.textContent : null,
            };
        });
        const where = `${how} message ${i} (${label(r)})`;
        if (shown.open !== 1 || shown.id !== `d${i}` || shown.selected.join() !== `m${i}`) {
            fail(`${where}: shows ${shown.id || `${shown.open} details`} (${shown.title}), selected ${shown.selected.join()}`);
            return;
        }
        const m = shown.meta;
        if (shown.title !== label(r) || m.time !== fullTime(r.time_ns) || m.from !== r.from || m.to !== r.to ||
            m.fate !== r.fate || m.bytes !== r.bytes)
            fail(`${where}: metadata ${JSON.stringify({ title: shown.title, ...m })} against ${JSON.stringify(r)}`);
        const text = shown.text;
        if (isStun(r)) {
            const klass = { 'STUN-REQ': 'request', 'STUN-RESP': 'success response', 'STUN-ERR': 'error response' }[r.message];
            const bytes = shown.hex.split('\n').flatMap((line) => line.trim().split(/\s+/).slice(1));
            if (!text.startsWith(`STUN Binding ${klass}\n`) || !text.includes(`transaction id ${r.branch}\n`) ||
                m.transaction !== r.branch)
                fail(`${where}: decoded as ${JSON.stringify(text.slice(0, 200))}`);
            if (bytes.length !== Number(r.bytes) || bytes.slice(8, 20).join('') !== r.branch)
                fail(`${where}: hex of ${bytes.length} bytes, transaction id ${bytes.slice(8, 20).join('')}`);
            return;
        }
        const [code, method] = isResponse(r) ? r.message.split('/') : [null, r.message];
        const startLine = text.split('\r\n')[0];
        const startOk = code ? startLine.startsWith(`SIP/2.0 ${code} `) : startLine.startsWith(`${method} `) && startLine.endsWith(' SIP/2.0');
        if (!startOk || !text.includes(`\r\nCall-ID: ${r.call_id}\r\n`) || !text.includes(`\r\nCSeq: ${r.cseq} ${method}\r\n`) ||
            !text.includes(`branch=${r.branch}`) || Buffer.byteLength(text) !== Number(r.bytes) ||
            m['Call-ID'] !== r.call_id)
            fail(`${where}: shows ${JSON.stringify(text.slice(0, 300))} (${Buffer.byteLength(text)} bytes)`);
    }

    // Clicks: the first message, a response, a retransmission, a lost one, a STUN message.
    const picks = [0, rows.findIndex(isResponse), rows.findIndex((r) => r.retransmission === '1'),
        rows.findIndex((r) => r.fate !== 'delivered'), rows.findIndex(isStun)];
    const clicked = [...new Set(picks.filter((i) => i >= 0))];
    for (const [n, i] of clicked.entries()) {
        // both halves of "its arrow or its label": a line has no height for page.click, so the
        // mouse goes to its middle
        if (n % 2) {
            const arrow = page.locator(`#m${i} .arrow`);
            await arrow.scrollIntoViewIfNeeded();
            const box = await arrow.evaluate((e) => {
                const b = e.getBoundingClientRect();
                return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
            });
            await page.mouse.click(box.x, box.y);
        } else {
            await page.click(`#m${i} .label`);
        }
        await checkShown(i, `a click on the ${n % 2 ? 'arrow' : 'label'} of`);
        summary.clicked.push(i);
    }

    // Stepping: next, previous, the arrow keys, the slider.
    async function step(action, expect) {
        await action();
        await checkShown(expect, 'stepping to');
        summary.steps++;
    }
    if (rows.length >= 3) {
        await page.click('#m0 .label');
        await step(() => page.click('#next'), 1);
        await step(() => page.keyboard.press('ArrowRight'), 2);
        await step(() => page.keyboard.press('ArrowLeft'), 1);
        await step(() => page.click('#prev'), 0);
        await step(() => page.click('#prev'), 0); // stays at the first
        await step(() => page.keyboard.press('End'), rows.length - 1);
        await step(() => page.$eval('#slider', (s) => {
            s.value = '2';
            s.dispatchEvent(new Event('input'));
        }), 2);
        const position = await page.textContent('#position');
        if (position !== `message 3 of ${rows.length}, ${ladderTime(rows[2].time_ns)} s`)
            fail(`the position reads '${position}'`);
    }

    // The call filter: the first call of calls.csv shows its own messages and its phones' STUN.
    const call = calls[0];
    if (call) {
        const options = await page.$$eval('#call option', (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
        const option = options.find((o) => o.text.endsWith(`(${call.call_id})`));
        const phones = [call.caller, call.callee];
        const expected = rows.flatMap((r, i) =>
            r.call_id === call.call_id || (isStun(r) && (phones.includes(r.from) || phones.includes(r.to))) ? [`m${i}`] : []);
        if (!option) {
            fail(`no option for the call ${call.call_id} among ${JSON.stringify(options)}`);
        } else {
            await page.selectOption('#call', option.value);
            const visible = await page.$$eval('svg#flow g.msg', (gs) =>
                gs.filter((g) => getComputedStyle(g).display !== 'none').map((g) => g.id));
            if (visible.join() !== expected.join())
                fail(`the filter on ${call.call_id} shows ${visible.join()}, expected ${expected.join()}`);
            const first = Number(expected[0].slice(1));
            await page.focus('#next');
            await step(() => page.keyboard.press('Home'), first);
            if (expected.length > 1)
                await step(() => page.click('#next'), Number(expected[1].slice(1)));
            summary.filter = { call: call.call_id, shown: visible.length };
            await page.selectOption('#call', '');
            const all = await page.$$eval('svg#flow g.msg', (gs) => gs.filter((g) => getComputedStyle(g).display !== 'none').length);
            if (all !== rows.length)
                fail(`back to all messages, the page shows ${all} of ${rows.length}`);
        }
    }
} catch (e) {
    fail(`check.mjs: ${e.stack || e}`);
} finally {
    await browser.close();
}
for (const e of errors)
    console.log(`error: ${e}`);
summary.ok = errors.length === 0;
summary.errors = errors.length;
console.log(JSON.stringify(summary));
process.exit(summary.ok ? 0 : 1);
