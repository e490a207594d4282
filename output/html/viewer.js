// SPDX-License-Identifier: MIT
// The viewer of sipsim's HTML page (run --html), copied into every page by out-html.c.
// The page holds everything: the ladder's rows (<g class="msg" id="mN" data-calls="...">, one
// per message in send order) and each message's details (<article id="dN" hidden>). The script
// only selects, steps, filters and moves rows; it loads nothing.
'use strict';

(function () {
    const flow = document.getElementById('flow');
    const rows = Array.from(flow.querySelectorAll('g.msg'));
    const rowHeight = Number(flow.dataset.row);
    const rowTop = Number(flow.dataset.top);
    const slider = document.getElementById('slider');
    const position = document.getElementById('position');
    const callSelect = document.getElementById('call');
    const hint = document.getElementById('hint');

    let visible = rows; // the rows the call filter shows, in send order
    let current = -1; // the selected row's place in visible, -1: none
    let shownDetail = null;

    function detailOf(row) {
        return document.getElementById('d' + row.id.slice(1));
    }

    function timeOf(row) {
        return row.querySelector('.t').textContent;
    }

    function showPosition() {
        if (current < 0) {
            position.textContent = visible.length + ' messages';
            return;
        }
        position.textContent =
            'message ' + (current + 1) + ' of ' + visible.length + ', ' + timeOf(visible[current]) + ' s';
        slider.value = String(current);
    }

    // Selects the row at place @i of the visible rows (-1: none) and shows its details.
    function select(i) {
        if (current >= 0 && current < visible.length)
            visible[current].classList.remove('selected');
        if (shownDetail)
            shownDetail.hidden = true;
        current = i;
        shownDetail = null;
        if (i >= 0) {
            const row = visible[i];
            row.classList.add('selected');
            shownDetail = detailOf(row);
            shownDetail.hidden = false;
            row.scrollIntoView({ block: 'nearest' });
        }
        hint.hidden = i >= 0;
        showPosition();
    }

    function step(by) {
        if (visible.length === 0)
            return;
        const next = current < 0 ? (by > 0 ? 0 : visible.length - 1) : current + by;
        select(Math.min(Math.max(next, 0), visible.length - 1));
    }

    // Shows only the rows of the chosen Call-ID (all when none), one under the other.
    function filter(call) {
        const selectedRow = current >= 0 ? visible[current] : null;
        select(-1);
        visible = [];
        for (const row of rows) {
            const shown = call === '' || row.dataset.calls.split(' ').includes(call);
            row.classList.toggle('filtered', !shown);
            if (shown) {
                row.setAttribute('transform', 'translate(0,' + (rowTop + visible.length * rowHeight) + ')');
                visible.push(row);
            }
        }
        flow.setAttribute('height', String(rowTop + visible.length * rowHeight));
        slider.max = String(Math.max(visible.length - 1, 0));
        slider.disabled = visible.length === 0;
        const again = visible.indexOf(selectedRow);
        if (again >= 0)
            select(again);
        else
            showPosition();
    }

    for (const row of rows)
        row.addEventListener('click', () => select(visible.indexOf(row)));
    document.getElementById('next').addEventListener('click', () => step(1));
    document.getElementById('prev').addEventListener('click', () => step(-1));
    slider.addEventListener('input', () => select(Number(slider.value)));
    callSelect.addEventListener('change', () => filter(callSelect.value));

    // The arrow keys step, but not while a control that uses them has the focus.
    document.addEventListener('keydown', (event) => {
        const target = event.target;
        if (target === callSelect || target === slider || event.altKey || event.ctrlKey || event.metaKey)
            return;
        const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
        if (event.key in moves) {
            step(moves[event.key]);
            event.preventDefault();
        } else if (event.key === 'Home' && visible.length) {
            select(0);
            event.preventDefault();
        } else if (event.key === 'End' && visible.length) {
            select(visible.length - 1);
            event.preventDefault();
        }
    });

    slider.disabled = visible.length === 0;
    showPosition();
})();
