/// The HTML report's script. It reads the embedded JSON report and draws every view with `createElement`,
/// `createElementNS` and `textContent` — never `innerHTML` — so scanned text (paths, author names, commit messages,
/// build steps) can only ever show as text. Filters, sort order, page and selected finding live in the URL's
/// fragment (`#severity=high&path=config`), so a filtered view can be linked; the fragment is only parsed, never
/// inserted as markup. When done, `<body>` carries `data-rendered`, counts and timings (`data-render-ms`,
/// `data-filter-ms`) and `data-errors`: what the browser test reads.
enum HTMLReportScript {
    static let javaScript = #"""
        'use strict';
        (function () {
          const body = document.body;
          const errorBox = document.getElementById('page-errors');
          const pageErrors = [];
          function recordError(text) {
            pageErrors.push(String(text));
            errorBox.textContent = 'This page hit an error while drawing the report:\n' + pageErrors.join('\n');
            errorBox.hidden = false;
            body.dataset.errors = String(pageErrors.length);
          }
          body.dataset.errors = '0';
          window.addEventListener('error', (event) => recordError('error: ' + event.message + ' (line ' + event.lineno + ')'));
          window.addEventListener('unhandledrejection', (event) => recordError('unhandled rejection: ' + event.reason));
          document.addEventListener('securitypolicyviolation', (event) =>
            recordError('blocked by the content security policy: ' + event.violatedDirective + ' ' + event.blockedURI));
          const consoleError = console.error.bind(console);
          console.error = function (...args) { recordError('console.error: ' + args.join(' ')); consoleError(...args); };

          const started = performance.now();
          const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
          const STATUSES = ['present', 'deleted', 'history'];
          const STATUS_LABEL = { present: 'still present', deleted: 'deleted in layer', history: 'only in history' };
          const STATUS_HELP = {
            present: 'at HEAD, in the final image, or in the scanned files',
            deleted: 'deleted or overwritten in a later layer, still inside a lower layer of the image',
            history: 'removed from HEAD (or in a commit message), still in the Git history',
          };
          const PAGE_SIZE = 100;
          const number = (value) => Number(value || 0).toLocaleString('en-US');
          const plural = (count, word, words) => number(count) + ' ' + (count === 1 ? word : (words || word + 's'));

          // ---- small DOM helpers: text only, never markup ----
          function el(tag, props, ...children) {
            const node = document.createElement(tag);
            if (props) {
              for (const key of Object.keys(props)) {
                const value = props[key];
                if (value === undefined || value === null || value === false) continue;
                if (key === 'className') node.className = value;
                else if (key === 'text') node.textContent = value;
                else if (key === 'dataset') Object.assign(node.dataset, value);
                else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
                else node.setAttribute(key, value === true ? '' : String(value));
              }
            }
            for (const child of children) append(node, child);
            return node;
          }
          function append(node, child) {
            if (child === undefined || child === null || child === false) return;
            if (Array.isArray(child)) { for (const item of child) append(node, item); return; }
            node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
          }
          const SVG = 'http://www.w3.org/2000/svg';
          function svg(tag, attributes, ...children) {
            const node = document.createElementNS(SVG, tag);
            for (const key of Object.keys(attributes || {})) node.setAttribute(key, String(attributes[key]));
            for (const child of children) {
              if (child === null || child === undefined) continue;
              node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
            }
            return node;
          }
          const byId = (id) => document.getElementById(id);
          const badge = (kind, text) => el('span', { className: 'badge ' + kind, text: text });
          const shortHash = (text) => typeof text === 'string' ? text.replace(/^sha256:/, '').slice(0, 12) : '';

          // ---- the report ----
          let doc;
          try {
            doc = JSON.parse(byId('report-data').textContent);
          } catch (error) {
            recordError('the embedded report is not valid JSON: ' + error.message);
            return;
          }
          if (!doc || typeof doc !== 'object' || !Array.isArray(doc.findings)) {
            recordError('the embedded document is not a stowaway report (no findings list)');
            return;
          }
          const str = (value) => typeof value === 'string' ? value : (value === undefined || value === null ? '' : String(value));

          function occurrenceStatus(o) {
            if (o.source === 'image-layer') {
              return (o.deleted_in_layer !== undefined && o.deleted_in_layer !== null) ||
                (o.overwritten_in_layer !== undefined && o.overwritten_in_layer !== null) ? 'deleted' : 'present';
            }
            if (o.in_head === true) return 'present';
            if (o.in_head === false || o.commit) return 'history';
            return 'present';
          }
          const monthOf = (time) => new Date(time).toISOString().slice(0, 7);

          const findings = doc.findings.map((f, index) => {
            const occurrences = Array.isArray(f.occurrences) ? f.occurrences.filter((o) => o && typeof o === 'object') : [];
            const severity = SEVERITIES.includes(f.severity) ? f.severity : 'info';
            const statuses = new Set();
            const sources = new Set();
            const layerKeys = new Set();
            const paths = [];
            const authors = [];
            const texts = [str(f.rule_id), str(f.rule_name), str(f.fingerprint), str(f.message)];
            let introduced = null;
            let introducer = '';
            for (const o of occurrences) {
              statuses.add(occurrenceStatus(o));
              sources.add(str(o.source) || 'file');
              paths.push(str(o.path));
              if (o.author || o.email) authors.push(str(o.author) + ' <' + str(o.email) + '>');
              texts.push(str(o.commit), str(o.image), str(o.layer_digest), str(o.created_by), str(o.config_field),
                         Array.isArray(o.refs) ? o.refs.join(' ') : '', str(o.tag), str(o.context));
              if (typeof o.layer_index === 'number') layerKeys.add(str(o.image) + '#' + o.layer_index);
              if (typeof o.date === 'string') {
                const time = Date.parse(o.date);
                if (!Number.isNaN(time) && (introduced === null || time < introduced)) { introduced = time; introducer = str(o.author); }
              }
            }
            const status = statuses.has('present') ? 'present' : (statuses.has('deleted') ? 'deleted' : 'history');
            return {
              index, raw: f, occurrences, severity, rank: SEVERITIES.indexOf(severity),
              rule: str(f.rule_id), ruleName: str(f.rule_name), status, statusRank: STATUSES.indexOf(status),
              sources: Array.from(sources), layerKeys,
              firstPath: paths[0] || '', pathCount: new Set(paths).size,
              author: introducer || (authors[0] ? str(occurrences.find((o) => o.author || o.email).author) : ''),
              introduced, month: introduced === null ? '' : monthOf(introduced),
              pathText: paths.join('\n').toLowerCase(), authorText: authors.join('\n').toLowerCase(),
              allText: texts.concat(paths, authors).join('\n').toLowerCase(),
            };
          });
          const byFingerprint = new Map(findings.map((f) => [str(f.raw.fingerprint), f]));

          // ---- filter state, kept in the URL fragment ----
          const FILTER_KEYS = ['severity', 'rule', 'status', 'source', 'path', 'author', 'q', 'month', 'layer'];
          const DEFAULTS = { sort: 'severity', dir: 'asc', page: '1', finding: '' };
          let state = {};
          function readState() {
            const params = new URLSearchParams(location.hash.replace(/^#/, ''));
            const next = {};
            for (const key of FILTER_KEYS) next[key] = params.get(key) || '';
            for (const key of Object.keys(DEFAULTS)) next[key] = params.get(key) || DEFAULTS[key];
            return next;
          }
          function writeState() {
            const params = new URLSearchParams();
            for (const key of FILTER_KEYS) if (state[key]) params.set(key, state[key]);
            for (const key of Object.keys(DEFAULTS)) if (state[key] && state[key] !== DEFAULTS[key]) params.set(key, state[key]);
            const hash = params.toString();
            history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
          }

          // ---- header and summary ----
          const summary = doc.summary && typeof doc.summary === 'object' ? doc.summary : {};
          const tool = doc.tool && typeof doc.tool === 'object' ? doc.tool : {};
          const occurrenceTotal = findings.reduce((sum, f) => sum + f.occurrences.length, 0);
          const countBy = (key) => {
            const counts = new Map();
            for (const f of findings) for (const value of [].concat(f[key])) counts.set(value, (counts.get(value) || 0) + 1);
            return counts;
          };
          const severityCounts = countBy('severity');
          const statusCounts = countBy('status');

          function renderHeader() {
            const parts = [plural(findings.length, 'finding') + ' in ' + plural(occurrenceTotal, 'place')];
            if (summary.files_scanned !== undefined) parts.push(plural(summary.files_scanned, 'file') + ' scanned');
            if (summary.bytes_scanned !== undefined) parts.push(formatBytes(summary.bytes_scanned));
            if (summary.duration_seconds !== undefined) parts.push(summary.duration_seconds + ' s');
            if (summary.suppressed) parts.push(plural(summary.suppressed, 'finding') + ' suppressed');
            if (summary.hidden) parts.push(plural(summary.hidden, 'finding') + ' below the thresholds hidden');
            parts.push('stowaway ' + str(tool.version));
            const applied = doc.applied && typeof doc.applied === 'object' ? Object.entries(doc.applied) : [];
            if (applied.length) parts.push('applied: ' + applied.map(([k, v]) => k + ' ' + str(v)).join(', '));
            if (Array.isArray(doc.errors) && doc.errors.some((e) => e && e.kind === 'error')) parts.push('scan incomplete (see Scan problems)');
            byId('run-info').textContent = parts.join(' · ');
          }
          function formatBytes(bytes) {
            const units = ['B', 'KB', 'MB', 'GB', 'TB'];
            let value = Number(bytes) || 0;
            let unit = 0;
            while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
            return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
          }

          function filterButton(className, count, label, filters, title) {
            return el('button', { type: 'button', className: 'card ' + className, title: title,
                                  dataset: { filter: JSON.stringify(filters) }, onclick: () => applyQuickFilter(filters) },
              el('span', { className: 'count', text: number(count) }), el('span', { className: 'label', text: label }));
          }
          function renderSummary() {
            const cards = [filterButton('total', findings.length, (findings.length === 1 ? 'finding' : 'findings') + ' in ' +
              plural(occurrenceTotal, 'place'), {}, 'Show all findings')];
            for (const severity of SEVERITIES) {
              cards.push(filterButton('sev-' + severity, severityCounts.get(severity) || 0, severity, { severity },
                                      'Show ' + severity + ' findings'));
            }
            byId('severity-cards').replaceChildren(...cards);
            byId('status-cards').replaceChildren(...STATUSES.map((status) =>
              filterButton('st-' + status, statusCounts.get(status) || 0, STATUS_LABEL[status], { status }, STATUS_HELP[status])));

            const ruleRows = new Map();
            for (const f of findings) {
              const row = ruleRows.get(f.rule) || { rule: f.rule, name: f.ruleName, count: 0, rank: 9 };
              row.count += 1;
              row.rank = Math.min(row.rank, f.rank);
              ruleRows.set(f.rule, row);
            }
            const rules = Array.from(ruleRows.values()).sort((a, b) => b.count - a.count || a.rank - b.rank || a.rule.localeCompare(b.rule));
            const sourceFindings = countBy('sources');
            const sourcePlaces = new Map();
            for (const f of findings) for (const o of f.occurrences) {
              const source = str(o.source) || 'file';
              sourcePlaces.set(source, (sourcePlaces.get(source) || 0) + 1);
            }
            const sources = Array.from(sourceFindings.keys()).sort((a, b) => sourceFindings.get(b) - sourceFindings.get(a));
            const ruleTable = (limit) => el('table', null, el('tbody', null, rules.slice(0, limit).map((row) =>
              el('tr', null,
                el('td', null, badge(SEVERITIES[row.rank] || 'info', SEVERITIES[row.rank] || 'info')),
                el('td', null, el('button', { type: 'button', className: 'linkish', title: row.name, text: row.rule,
                                              onclick: () => applyQuickFilter({ rule: row.rule }) })),
                el('td', { className: 'num', text: number(row.count) })))));
            const ruleBox = el('div', { className: 'breakdown', id: 'by-rule' }, el('h3', { text: 'By rule (' + number(rules.length) + ')' }));
            const RULE_LIMIT = 12;
            ruleBox.appendChild(ruleTable(RULE_LIMIT));
            if (rules.length > RULE_LIMIT) {
              const more = el('button', { type: 'button', className: 'linkish', text: 'show all ' + number(rules.length) + ' rules' });
              more.addEventListener('click', () => { ruleBox.replaceChild(ruleTable(rules.length), more.previousSibling); more.remove(); });
              ruleBox.appendChild(more);
            }
            const sourceBox = el('div', { className: 'breakdown', id: 'by-source' }, el('h3', { text: 'By source' }),
              el('table', null, el('tbody', null,
                el('tr', null, el('td', { className: 'muted', text: 'source' }), el('td', { className: 'num muted', text: 'findings' }),
                   el('td', { className: 'num muted', text: 'places' })),
                sources.map((source) => el('tr', null,
                  el('td', null, el('button', { type: 'button', className: 'linkish', text: source,
                                                onclick: () => applyQuickFilter({ source }) })),
                  el('td', { className: 'num', text: number(sourceFindings.get(source)) }),
                  el('td', { className: 'num', text: number(sourcePlaces.get(source)) }))))));
            const dated = findings.filter((f) => f.introduced !== null);
            const authorCounts = new Map();
            for (const f of dated) if (f.author) authorCounts.set(f.author, (authorCounts.get(f.author) || 0) + 1);
            const authors = Array.from(authorCounts.entries()).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8);
            const authorBox = el('div', { className: 'breakdown', id: 'by-author' }, el('h3', { text: 'Introduced by (commit authors)' }),
              authors.length ? el('table', null, el('tbody', null, authors.map(([name, count]) => el('tr', null,
                el('td', null, el('button', { type: 'button', className: 'linkish', text: name, onclick: () => applyQuickFilter({ author: name }) })),
                el('td', { className: 'num', text: number(count) })))))
                : el('p', { className: 'empty-note', text: 'No Git history in this report.' }));
            byId('breakdowns').replaceChildren(ruleBox, sourceBox, authorBox);
          }

          // ---- timeline: secrets introduced per month, stacked by severity ----
          function monthRange(first, last) {
            const months = [];
            let [year, month] = first.split('-').map(Number);
            const [endYear, endMonth] = last.split('-').map(Number);
            while (year < endYear || (year === endYear && month <= endMonth)) {
              months.push(year + '-' + String(month).padStart(2, '0'));
              month += 1;
              if (month > 12) { month = 1; year += 1; }
            }
            return months;
          }
          function niceStep(maximum, ticks) {
            const raw = Math.max(1, maximum / ticks);
            const power = Math.pow(10, Math.floor(Math.log10(raw)));
            for (const factor of [1, 2, 5, 10]) if (raw <= factor * power) return Math.max(1, factor * power);
            return 10 * power;
          }
          function renderTimeline() {
            const box = byId('timeline-chart');
            const dated = findings.filter((f) => f.month);
            if (!dated.length) {
              box.replaceChildren(el('p', { className: 'empty-note', text:
                'No commit dates in this report: the timeline is drawn from a Git history scan (stowaway git).' }));
              return;
            }
            const counts = new Map();
            for (const f of dated) {
              const row = counts.get(f.month) || SEVERITIES.map(() => 0);
              row[f.rank] += 1;
              counts.set(f.month, row);
            }
            const sortedMonths = Array.from(counts.keys()).sort();
            const months = monthRange(sortedMonths[0], sortedMonths[sortedMonths.length - 1]);
            const maximum = Math.max(...Array.from(counts.values()).map((row) => row.reduce((a, b) => a + b, 0)));
            const width = 960, height = 210, left = 44, right = 8, top = 10, bottom = 34;
            const plotWidth = width - left - right, plotHeight = height - top - bottom;
            const step = niceStep(maximum, 4);
            const yMax = Math.ceil(maximum / step) * step;
            const slot = plotWidth / months.length;
            const barWidth = Math.max(1, Math.min(40, slot * 0.78));
            const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', id: 'timeline-svg',
                                       'aria-label': 'Secrets introduced per month, by severity' });
            for (let value = 0; value <= yMax; value += step) {
              const y = top + plotHeight - (value / yMax) * plotHeight;
              chart.appendChild(svg('line', { x1: left, x2: width - right, y1: y, y2: y, stroke: '#e3e6ea' }));
              chart.appendChild(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, number(value)));
            }
            const labelEvery = [1, 2, 3, 6, 12, 24, 60].find((n) => months.length / n <= 16) || 120;
            const colors = { critical: '#a50e0e', high: '#d9480f', medium: '#e0a100', low: '#3b6fd8', info: '#8a9099' };
            months.forEach((month, position) => {
              const x = left + position * slot + (slot - barWidth) / 2;
              const row = counts.get(month) || SEVERITIES.map(() => 0);
              const total = row.reduce((a, b) => a + b, 0);
              const group = svg('g', { class: 'bar', 'data-month': month, 'data-count': total, tabindex: total ? 0 : -1 });
              group.appendChild(svg('title', {}, month + ': ' + plural(total, 'secret') + ' introduced' +
                (total ? ' (' + SEVERITIES.filter((_, i) => row[i]).map((s) => row[SEVERITIES.indexOf(s)] + ' ' + s).join(', ') + ')' : '')));
              group.appendChild(svg('rect', { x: left + position * slot, y: top, width: slot, height: plotHeight, fill: 'transparent' }));
              let y = top + plotHeight;
              SEVERITIES.forEach((severity, i) => {
                if (!row[i]) return;
                const h = (row[i] / yMax) * plotHeight;
                y -= h;
                group.appendChild(svg('rect', { class: 'seg', x, y, width: barWidth, height: h, fill: colors[severity] }));
              });
              if (total) {
                group.addEventListener('click', () => applyQuickFilter({ month }));
                group.addEventListener('keydown', (event) => { if (event.key === 'Enter') applyQuickFilter({ month }); });
              }
              chart.appendChild(group);
              const [year, monthNumber] = month.split('-').map(Number);
              if ((year * 12 + monthNumber - 1) % labelEvery === 0 || months.length <= 16) {
                chart.appendChild(svg('text', { x: left + position * slot + slot / 2, y: height - bottom + 16, 'text-anchor': 'middle' },
                  labelEvery >= 12 ? String(year) : month));
              }
            });
            chart.appendChild(svg('line', { x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight, stroke: '#9aa0a6' }));
            const undated = findings.length - dated.length;
            box.replaceChildren(chart,
              el('div', { className: 'legend' }, SEVERITIES.map((s) => el('span', null, el('span', { className: 'swatch ' + s }), s))),
              el('p', { className: 'muted', id: 'timeline-note', text: plural(dated.length, 'secret') + ' dated by the commit that introduced them, ' +
                months[0] + ' to ' + months[months.length - 1] + (undated ? '; ' + plural(undated, 'finding') + ' without a commit date (files, images) not shown' : '') +
                '. Click a month to list its secrets.' }));
          }

          // ---- image layer strips ----
          const images = new Map();
          for (const f of findings) for (const o of f.occurrences) {
            if (o.source !== 'image-layer' && o.source !== 'image-config') continue;
            const name = str(o.image) || '(image)';
            const image = images.get(name) || { name, layers: new Map(), config: new Set(), maxIndex: -1 };
            images.set(name, image);
            const layerAt = (index) => {
              if (!image.layers.has(index)) image.layers.set(index, { index, digest: '', steps: new Set(), held: new Map(), deletes: new Set() });
              image.maxIndex = Math.max(image.maxIndex, index);
              return image.layers.get(index);
            };
            if (o.source === 'image-config' || typeof o.layer_index !== 'number') { image.config.add(f); continue; }
            const layer = layerAt(o.layer_index);
            if (o.layer_digest) layer.digest = str(o.layer_digest);
            if (o.created_by) layer.steps.add(str(o.created_by));
            const gone = occurrenceStatus(o) === 'deleted';
            layer.held.set(f, layer.held.has(f) ? layer.held.get(f) && gone : gone);
            for (const key of ['deleted_in_layer', 'overwritten_in_layer']) {
              if (typeof o[key] === 'number') layerAt(o[key]).deletes.add(f);
            }
          }
          function renderLayers() {
            if (!images.size) return;
            byId('layers').hidden = false;
            const boxes = [];
            for (const image of Array.from(images.values()).sort((a, b) => a.name.localeCompare(b.name))) {
              const strip = el('div', { className: 'strip', role: 'list' });
              for (let index = 0; index <= image.maxIndex; index += 1) {
                const layer = image.layers.get(index);
                if (!layer) {
                  strip.appendChild(el('div', { className: 'layer empty', role: 'listitem' }, el('span', { className: 'idx', text: 'layer ' + index }),
                    el('span', { className: 'what muted', text: 'no secrets' })));
                  continue;
                }
                const held = Array.from(layer.held.keys());
                const top = held.reduce((best, f) => Math.min(best, f.rank), 9);
                const goneCount = Array.from(layer.held.values()).filter(Boolean).length;
                const key = image.name + '#' + index;
                const cell = el('button', {
                  type: 'button', role: 'listitem', dataset: { layer: key },
                  className: 'layer' + (held.length ? ' top-' + SEVERITIES[top] : (layer.deletes.size ? '' : ' empty')) + (held.length && goneCount === held.length ? ' only-deleted' : '') +
                    (state.layer === key ? ' selected' : ''),
                  title: Array.from(layer.steps).join('\n') || 'layer ' + index,
                  onclick: () => applyQuickFilter({ layer: state.layer === key ? '' : key }) },
                  el('span', { className: 'idx', text: 'layer ' + index }),
                  layer.digest ? el('span', { className: 'step mono', text: shortHash(layer.digest) }) : null,
                  el('span', { className: 'step', text: Array.from(layer.steps)[0] || '' }),
                  held.length ? el('span', { className: 'what', text: plural(held.length, 'secret') + (goneCount ? ' (' + number(goneCount) + ' deleted later)' : '') }) : null,
                  layer.deletes.size ? el('span', { className: 'del', text: 'deletes ' + plural(layer.deletes.size, 'secret') + ' (still in lower layers)' }) : null);
                strip.appendChild(cell);
              }
              if (image.config.size) {
                const top = Array.from(image.config).reduce((best, f) => Math.min(best, f.rank), 9);
                strip.appendChild(el('div', { className: 'layer top-' + SEVERITIES[top], role: 'listitem' },
                  el('span', { className: 'idx', text: 'config' }), el('span', { className: 'step', text: 'Env, Labels, build history' }),
                  el('span', { className: 'what', text: plural(image.config.size, 'secret') })));
              }
              const secretCount = new Set([].concat(...Array.from(image.layers.values()).map((l) => Array.from(l.held.keys())), Array.from(image.config))).size;
              boxes.push(el('div', { className: 'image' }, el('h3', null, el('span', { className: 'mono', text: image.name }),
                el('span', { className: 'muted', text: ' · ' + plural(secretCount, 'secret') })), strip));
            }
            boxes.push(el('div', { className: 'legend' }, SEVERITIES.map((s) => el('span', null, el('span', { className: 'swatch ' + s }), s)),
              el('span', null, el('span', { className: 'swatch deleted' }), 'only secrets deleted in a later layer (still in this layer\'s blob)'),
              el('span', { text: 'Layers without secrets between others are shown faded; click a layer to list its secrets.' })));
            byId('layer-strips').replaceChildren(...boxes);
          }

          // ---- filters, sorting, table ----
          function fillSelect(id, values, label) {
            const select = byId(id);
            for (const value of values) select.appendChild(el('option', { value: value, text: label ? label(value) : value }));
          }
          function setupFilters() {
            fillSelect('filter-severity', SEVERITIES.filter((s) => severityCounts.get(s)), (s) => s + ' (' + number(severityCounts.get(s)) + ')');
            const ruleCounts = countBy('rule');
            fillSelect('filter-rule', Array.from(ruleCounts.keys()).sort(), (r) => r + ' (' + number(ruleCounts.get(r)) + ')');
            fillSelect('filter-status', STATUSES.filter((s) => statusCounts.get(s)), (s) => STATUS_LABEL[s] + ' (' + number(statusCounts.get(s)) + ')');
            const sourceCounts = countBy('sources');
            fillSelect('filter-source', Array.from(sourceCounts.keys()).sort(), (s) => s + ' (' + number(sourceCounts.get(s)) + ')');
            const monthCounts = countBy('month');
            monthCounts.delete('');
            fillSelect('filter-month', Array.from(monthCounts.keys()).sort(), (m) => m + ' (' + number(monthCounts.get(m)) + ')');
            const layerKeys = [];
            for (const image of images.values()) for (const index of Array.from(image.layers.keys()).sort((a, b) => a - b)) {
              if (image.layers.get(index).held.size) layerKeys.push(image.name + '#' + index);
            }
            fillSelect('filter-layer', layerKeys, (key) => key.replace(/#(\d+)$/, ' · layer $1'));
            const form = byId('filters');
            form.addEventListener('submit', (event) => event.preventDefault());
            form.addEventListener('reset', (event) => {
              event.preventDefault();
              for (const key of FILTER_KEYS) state[key] = '';
              state.page = '1';
              update();
            });
            let pending = 0;
            form.addEventListener('input', (event) => {
              const target = event.target;
              if (!target.name) return;
              state[target.name] = target.value;
              state.page = '1';
              if (target.tagName === 'SELECT') { update(); return; }
              // Typing: redraw once per animation frame at most.
              if (!pending) pending = requestAnimationFrame(() => { pending = 0; update(); });
            });
            for (const th of document.querySelectorAll('#findings-table th[data-sort]')) {
              th.querySelector('button').addEventListener('click', () => {
                const key = th.dataset.sort;
                state.dir = state.sort === key && state.dir === 'asc' ? 'desc' : 'asc';
                state.sort = key;
                state.page = '1';
                update();
              });
            }
            byId('page-prev').addEventListener('click', () => { state.page = String(Math.max(1, Number(state.page) - 1)); update(); });
            byId('page-next').addEventListener('click', () => { state.page = String(Number(state.page) + 1); update(); });
            window.addEventListener('hashchange', () => { state = readState(); update(); });
          }
          function applyQuickFilter(filters) {
            for (const key of FILTER_KEYS) state[key] = filters[key] || '';
            state.page = '1';
            state.finding = '';
            update();
            byId('findings').scrollIntoView({ block: 'start' });
          }
          function syncControls() {
            for (const key of FILTER_KEYS) {
              const control = byId('filter-' + key);
              if (control.value !== state[key]) {
                if (control.tagName === 'SELECT' && state[key] && !Array.from(control.options).some((o) => o.value === state[key])) {
                  control.appendChild(el('option', { value: state[key], text: state[key].replace(/#(\d+)$/, ' · layer $1') }));
                }
                control.value = state[key];
              }
            }
            for (const th of document.querySelectorAll('#findings-table th[data-sort]')) {
              if (th.dataset.sort === state.sort) th.setAttribute('aria-sort', state.dir === 'asc' ? 'ascending' : 'descending');
              else th.removeAttribute('aria-sort');
            }
            for (const cell of document.querySelectorAll('#layer-strips [data-layer]')) {
              cell.classList.toggle('selected', cell.dataset.layer === state.layer);
            }
          }

          const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
          const SORTS = {
            severity: (a, b) => a.rank - b.rank || a.index - b.index,
            rule: (a, b) => compareText(a.rule, b.rule) || a.rank - b.rank || a.index - b.index,
            path: (a, b) => compareText(a.firstPath, b.firstPath) || a.index - b.index,
            author: (a, b) => compareText(a.author.toLowerCase(), b.author.toLowerCase()) || a.index - b.index,
            date: (a, b) => (a.introduced === null) - (b.introduced === null) || (a.introduced || 0) - (b.introduced || 0) || a.index - b.index,
            status: (a, b) => a.statusRank - b.statusRank || a.rank - b.rank || a.index - b.index,
            occurrences: (a, b) => a.occurrences.length - b.occurrences.length || a.index - b.index,
          };
          function matches(f) {
            if (state.severity && f.severity !== state.severity) return false;
            if (state.rule && f.rule !== state.rule) return false;
            if (state.status && f.status !== state.status) return false;
            if (state.source && !f.sources.includes(state.source)) return false;
            if (state.month && f.month !== state.month) return false;
            if (state.layer && !f.layerKeys.has(state.layer)) return false;
            if (state.path && !f.pathText.includes(state.path.toLowerCase())) return false;
            if (state.author && !f.authorText.includes(state.author.toLowerCase())) return false;
            if (state.q && !f.allText.includes(state.q.toLowerCase())) return false;
            return true;
          }
          function formatDate(time) { return time === null ? '' : new Date(time).toISOString().slice(0, 10); }

          function row(f) {
            const tr = el('tr', { tabindex: 0, dataset: { fingerprint: str(f.raw.fingerprint) }, className: state.finding === str(f.raw.fingerprint) ? 'selected' : '' },
              el('td', null, badge(f.severity, f.severity)),
              el('td', { title: f.ruleName }, f.rule),
              el('td', { title: f.firstPath, className: 'mono' }, f.firstPath, f.pathCount > 1 ? el('span', { className: 'muted', text: ' +' + number(f.pathCount - 1) + ' more' }) : null),
              el('td', { title: f.author, text: f.author }),
              el('td', { text: formatDate(f.introduced) }),
              el('td', null, badge(f.status, STATUS_LABEL[f.status])),
              el('td', { text: number(f.occurrences.length) }));
            const open = () => { state.finding = str(f.raw.fingerprint); update(); byId('detail').scrollIntoView({ block: 'start' }); };
            tr.addEventListener('click', open);
            tr.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
            return tr;
          }

          let lastShown = [];
          function update() {
            const began = performance.now();
            const sort = SORTS[state.sort] || SORTS.severity;
            const shown = findings.filter(matches);
            shown.sort(sort);
            if (state.dir === 'desc') shown.reverse();
            lastShown = shown;
            const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
            const page = Math.min(pages, Math.max(1, Number.parseInt(state.page, 10) || 1));
            state.page = String(page);
            const slice = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
            const fragment = document.createDocumentFragment();
            for (const f of slice) fragment.appendChild(row(f));
            if (!slice.length) {
              fragment.appendChild(el('tr', null, el('td', { colspan: 7, className: 'empty-note',
                text: findings.length ? 'No finding matches these filters.' : 'No findings: nothing to report.' })));
            }
            byId('findings-body').replaceChildren(fragment);
            const from = shown.length ? (page - 1) * PAGE_SIZE + 1 : 0;
            byId('table-status').textContent = 'Showing ' + number(from) + '–' + number(from + slice.length - (slice.length ? 1 : 0)) +
              ' of ' + plural(shown.length, 'finding') + (shown.length !== findings.length ? ' (filtered from ' + number(findings.length) + ')' : '') + '.';
            byId('page-info').textContent = 'page ' + number(page) + ' of ' + number(pages);
            byId('page-prev').disabled = page <= 1;
            byId('page-next').disabled = page >= pages;
            syncControls();
            renderDetail();
            writeState();
            body.dataset.shown = String(shown.length);
            body.dataset.filterMs = (performance.now() - began).toFixed(1);
          }

          // ---- per-finding detail ----
          function field(list, label, value) {
            if (value === undefined || value === null || value === '') return;
            list.push(el('dt', { text: label }), el('dd', null, value));
          }
          function occurrenceView(o) {
            const source = str(o.source) || 'file';
            const where = str(o.path) + (o.line ? ':' + o.line + (o.column ? ':' + o.column : '') : '');
            const items = [];
            field(items, 'source', source);
            if (o.commit) field(items, 'commit', el('code', { text: str(o.commit), title: str(o.commit) }));
            if (o.author || o.email) field(items, 'author', str(o.author) + (o.email ? ' <' + str(o.email) + '>' : ''));
            field(items, 'date', str(o.date));
            if (Array.isArray(o.refs) && o.refs.length) {
              field(items, 'reached from', el('span', { className: 'refs' }, o.refs.map((ref) => el('code', { text: str(ref) }))));
            }
            if (o.in_head === true) field(items, 'at HEAD', 'yes: the secret is still in the default branch tip');
            if (o.in_head === false) field(items, 'at HEAD', 'no: removed since, but still in history');
            field(items, 'tag', str(o.tag));
            if (o.blob) field(items, 'blob', el('code', { text: str(o.blob) }));
            field(items, 'image', str(o.image));
            if (typeof o.layer_index === 'number') {
              field(items, 'layer', el('span', null, 'layer ' + o.layer_index + ' ', o.layer_digest ? el('code', { text: str(o.layer_digest) }) : null));
            }
            if (o.created_by) field(items, 'build step', el('code', { text: str(o.created_by) }));
            if (typeof o.deleted_in_layer === 'number') field(items, 'deleted', 'in layer ' + o.deleted_in_layer + ': gone from the final file system, still inside layer ' + o.layer_index + '\'s blob');
            if (typeof o.overwritten_in_layer === 'number') field(items, 'overwritten', 'in layer ' + o.overwritten_in_layer + ': replaced in the final file system, still inside layer ' + o.layer_index + '\'s blob');
            field(items, 'config field', str(o.config_field));
            field(items, 'decoded from', str(o.decoded_from));
            const status = occurrenceStatus(o);
            return el('div', { className: 'occurrence' },
              el('div', { className: 'where' }, badge(status, STATUS_LABEL[status]), ' ', el('span', { className: 'mono', text: where })),
              el('dl', null, items),
              o.context !== undefined ? el('pre', { text: str(o.context) }) : null);
          }
          function renderDetail() {
            const box = byId('detail');
            const f = state.finding ? byFingerprint.get(state.finding) : null;
            if (!f) { box.hidden = true; box.replaceChildren(); box.dataset.fingerprint = ''; return; }
            if (box.dataset.fingerprint === str(f.raw.fingerprint) && !box.hidden) return;
            box.dataset.fingerprint = str(f.raw.fingerprint);
            const facts = [];
            field(facts, 'rule', f.rule + (f.ruleName ? ' — ' + f.ruleName : ''));
            field(facts, 'confidence', str(f.raw.confidence));
            field(facts, 'secret', el('code', { text: str(f.raw.secret) }));
            field(facts, 'fingerprint', el('code', { text: str(f.raw.fingerprint) }));
            field(facts, 'message', str(f.raw.message));
            field(facts, 'status', STATUS_LABEL[f.status] + ': ' + STATUS_HELP[f.status]);
            if (f.introduced !== null) field(facts, 'introduced', new Date(f.introduced).toISOString().replace('.000Z', 'Z') + (f.author ? ' by ' + f.author : ''));
            const LIMIT = 200;
            const list = el('div', { id: 'occurrence-list' }, f.occurrences.slice(0, LIMIT).map(occurrenceView));
            let more = null;
            if (f.occurrences.length > LIMIT) {
              more = el('button', { type: 'button', className: 'linkish', text: 'show the other ' + number(f.occurrences.length - LIMIT) + ' places' });
              more.addEventListener('click', () => { append(list, f.occurrences.slice(LIMIT).map(occurrenceView)); more.remove(); });
            }
            const close = el('button', { type: 'button', className: 'linkish', text: 'close' });
            close.addEventListener('click', () => { state.finding = ''; update(); byId('findings').scrollIntoView({ block: 'start' }); });
            box.replaceChildren(
              el('h2', null, badge(f.severity, f.severity), el('span', { text: f.ruleName || f.rule }), close),
              el('dl', null, facts),
              el('h3', { text: 'Remediation' }),
              el('div', { className: 'remediation', text: str(f.raw.remediation) || 'Revoke the secret, then remove it from the code and history.' }),
              el('h3', { text: 'Where (' + plural(f.occurrences.length, 'place') + ')' }),
              list, more);
            box.hidden = false;
          }

          function renderProblems() {
            const problems = Array.isArray(doc.errors) ? doc.errors.filter((e) => e && typeof e === 'object') : [];
            if (!problems.length) return;
            byId('problems').hidden = false;
            byId('problem-list').replaceChildren(...problems.map((p) =>
              el('li', null, badge(p.kind === 'error' ? 'critical' : 'info', str(p.kind)), ' ', el('code', { text: str(p.input) }), ': ' + str(p.message))));
          }

          state = readState();
          renderHeader();
          renderSummary();
          renderTimeline();
          renderLayers();
          renderProblems();
          setupFilters();
          update();
          const counts = { findings: findings.length, occurrences: occurrenceTotal };
          for (const s of SEVERITIES) counts[s] = severityCounts.get(s) || 0;
          for (const s of STATUSES) counts[s] = statusCounts.get(s) || 0;
          body.dataset.findings = String(findings.length);
          body.dataset.occurrences = String(occurrenceTotal);
          body.dataset.counts = JSON.stringify(counts);
          body.dataset.renderMs = (performance.now() - started).toFixed(1);
          body.dataset.rendered = 'true';
        })();
        """#
}
