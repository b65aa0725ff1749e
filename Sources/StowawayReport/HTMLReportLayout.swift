/// The HTML report's static markup: headings, empty containers and the filter form. It holds no report data; the
/// page's script fills every container from the embedded JSON document.
enum HTMLReportLayout {
    static let body = """
        <header>
        <h1>Secrets audit</h1>
        <p id="run-info">Rendering the report…</p>
        </header>
        <noscript><p>This report needs JavaScript to draw its views. The findings are in the JSON block inside this file.</p></noscript>
        <main>
        <section id="summary" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <div class="cards" id="severity-cards"></div>
        <div class="cards" id="status-cards"></div>
        <div class="breakdowns" id="breakdowns"></div>
        </section>
        <section id="timeline" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Secrets introduced per month</h2>
        <div class="chart" id="timeline-chart"></div>
        </section>
        <section id="layers" aria-labelledby="layers-title" hidden>
        <h2 id="layers-title">Image layers</h2>
        <div id="layer-strips"></div>
        </section>
        <section id="findings" aria-labelledby="findings-title">
        <h2 id="findings-title">Findings</h2>
        <form class="filters" id="filters" autocomplete="off">
        <label>Severity<select name="severity" id="filter-severity"><option value="">all</option></select></label>
        <label>Rule<select name="rule" id="filter-rule"><option value="">all</option></select></label>
        <label>Status<select name="status" id="filter-status"><option value="">all</option></select></label>
        <label>Source<select name="source" id="filter-source"><option value="">all</option></select></label>
        <label>Path contains<input type="search" name="path" id="filter-path"></label>
        <label>Author contains<input type="search" name="author" id="filter-author"></label>
        <label>Any text<input type="search" name="q" id="filter-q" placeholder="fingerprint, commit, image…"></label>
        <label>Introduced<select name="month" id="filter-month"><option value="">any month</option></select></label>
        <label>Image layer<select name="layer" id="filter-layer"><option value="">any</option></select></label>
        <button type="reset" id="filter-reset">Clear filters</button>
        </form>
        <p class="status-line" id="table-status" aria-live="polite"></p>
        <table class="findings" id="findings-table">
        <colgroup><col class="c-sev"><col class="c-rule"><col class="c-path"><col class="c-author"><col class="c-date"><col class="c-status"><col class="c-occ"></colgroup>
        <thead><tr>
        <th data-sort="severity"><button type="button">Severity</button></th>
        <th data-sort="rule"><button type="button">Rule</button></th>
        <th data-sort="path"><button type="button">Path</button></th>
        <th data-sort="author"><button type="button">Author</button></th>
        <th data-sort="date"><button type="button">Introduced</button></th>
        <th data-sort="status"><button type="button">Status</button></th>
        <th data-sort="occurrences"><button type="button">Places</button></th>
        </tr></thead>
        <tbody id="findings-body"></tbody>
        </table>
        <nav class="pager" id="pager" aria-label="Pages of findings">
        <button type="button" id="page-prev">‹ Previous</button>
        <span id="page-info"></span>
        <button type="button" id="page-next">Next ›</button>
        </nav>
        </section>
        <section id="detail" class="detail" aria-live="polite" hidden></section>
        <section id="problems" aria-labelledby="problems-title" hidden>
        <h2 id="problems-title">Scan problems</h2>
        <ul class="problems" id="problem-list"></ul>
        </section>
        </main>
        <pre id="page-errors" hidden></pre>
        """
}
