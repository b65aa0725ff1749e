/// The HTML report's style sheet: inline (the page makes no request), allowed by its hash in the page's
/// Content-Security-Policy, and free of `style=` attributes, which that policy would block.
enum HTMLReportStyle {
    static let css = """
        :root {
          --critical: #a50e0e; --high: #d9480f; --medium: #e0a100; --low: #3b6fd8; --info: #8a9099;
          --present: #a50e0e; --history: #6f42c1; --deleted: #b35c00;
          --ink: #1d2128; --muted: #5f6670; --line: #d9dde3; --panel: #f6f7f9; --accent: #0b5cad; --bg: #ffffff;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: var(--bg);
        }
        * { box-sizing: border-box; }
        body { margin: 0; }
        header { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); }
        header h1 { margin: 0 0 4px; font-size: 22px; }
        header p { margin: 0; color: var(--muted); }
        main { padding: 8px 28px 40px; max-width: 1500px; }
        section { margin-top: 22px; }
        h2 { font-size: 17px; margin: 0 0 10px; }
        h3 { font-size: 15px; margin: 14px 0 6px; }
        code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
        button { font: inherit; cursor: pointer; }
        .muted { color: var(--muted); }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 130px; background: var(--panel);
                text-align: left; color: inherit; border-left-width: 5px; }
        .card:hover { border-color: var(--accent); }
        .card .count { display: block; font-size: 24px; font-weight: 650; }
        .card .label { display: block; color: var(--muted); font-size: 12.5px; }
        .card.total { border-left-color: var(--ink); }
        .sev-critical { border-left-color: var(--critical); } .sev-high { border-left-color: var(--high); }
        .sev-medium { border-left-color: var(--medium); } .sev-low { border-left-color: var(--low); }
        .sev-info { border-left-color: var(--info); }
        .st-present { border-left-color: var(--present); } .st-history { border-left-color: var(--history); }
        .st-deleted { border-left-color: var(--deleted); }
        .breakdowns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; margin-top: 14px; }
        .breakdown { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
        .breakdown table { width: 100%; border-collapse: collapse; }
        .breakdown td { padding: 3px 4px; border-top: 1px solid var(--line); vertical-align: top; }
        .breakdown td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        .linkish { background: none; border: 0; padding: 0; color: var(--accent); text-align: left; }
        .linkish:hover { text-decoration: underline; }
        .badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff;
                 white-space: nowrap; }
        .badge.critical { background: var(--critical); } .badge.high { background: var(--high); }
        .badge.medium { background: var(--medium); color: #1d2128; } .badge.low { background: var(--low); }
        .badge.info { background: var(--info); }
        .badge.present { background: var(--present); } .badge.history { background: var(--history); }
        .badge.deleted { background: var(--deleted); }
        .chart { border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
        .chart svg { display: block; width: 100%; height: auto; }
        .chart .bar:hover rect.seg { opacity: .8; }
        .chart .bar { cursor: pointer; }
        .chart text { font-size: 11px; fill: var(--muted); }
        .legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 6px 4px 0; font-size: 12.5px; color: var(--muted); }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        .swatch.critical { background: var(--critical); } .swatch.high { background: var(--high); }
        .swatch.medium { background: var(--medium); } .swatch.low { background: var(--low); } .swatch.info { background: var(--info); }
        .swatch.deleted { background: repeating-linear-gradient(135deg, var(--deleted) 0 3px, #fff 3px 6px); }
        .image { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin-bottom: 12px; }
        .image h3 { margin: 2px 0 8px; }
        .strip { display: flex; gap: 4px; overflow-x: auto; padding-bottom: 4px; }
        .layer { flex: 0 0 auto; min-width: 118px; max-width: 220px; border: 1px solid var(--line); border-top-width: 6px;
                 border-radius: 6px; padding: 5px 7px; background: var(--panel); text-align: left; color: inherit; font-size: 12px; }
        .layer.empty { opacity: .55; }
        .layer.selected { outline: 2px solid var(--accent); }
        .layer .idx { font-weight: 650; font-size: 13px; }
        .layer .step { display: block; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .layer .what { display: block; margin-top: 3px; }
        .layer .del { display: block; color: var(--deleted); font-weight: 600; }
        .layer.top-critical { border-top-color: var(--critical); } .layer.top-high { border-top-color: var(--high); }
        .layer.top-medium { border-top-color: var(--medium); } .layer.top-low { border-top-color: var(--low); }
        .layer.top-info { border-top-color: var(--info); }
        .layer.only-deleted { background: repeating-linear-gradient(135deg, #fff4e8 0 6px, var(--panel) 6px 12px); }
        form.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin-bottom: 8px; }
        form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
        form.filters input, form.filters select { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 5px;
                                                  min-width: 120px; color: var(--ink); background: var(--bg); }
        form.filters input[type=search] { min-width: 180px; }
        .status-line { margin: 4px 0 6px; color: var(--muted); }
        table.findings { width: 100%; border-collapse: collapse; table-layout: fixed; }
        table.findings th { text-align: left; font-weight: 600; border-bottom: 2px solid var(--line); padding: 0; }
        table.findings th button { width: 100%; background: none; border: 0; padding: 6px 6px; text-align: left; font-weight: 600; color: inherit; }
        table.findings th[aria-sort=ascending] button::after { content: " \\25B2"; font-size: 10px; }
        table.findings th[aria-sort=descending] button::after { content: " \\25BC"; font-size: 10px; }
        table.findings td { padding: 5px 6px; border-bottom: 1px solid var(--line); overflow: hidden; text-overflow: ellipsis;
                            white-space: nowrap; vertical-align: top; }
        table.findings tbody tr { cursor: pointer; }
        table.findings tbody tr:hover, table.findings tbody tr:focus { background: #eef4fb; outline: none; }
        table.findings tbody tr.selected { background: #dceafa; }
        col.c-sev { width: 92px; } col.c-rule { width: 20%; } col.c-path { width: 30%; } col.c-author { width: 14%; }
        col.c-date { width: 104px; } col.c-status { width: 150px; } col.c-occ { width: 60px; }
        .pager { display: flex; gap: 8px; align-items: center; margin-top: 8px; }
        .pager button { padding: 3px 10px; border: 1px solid var(--line); border-radius: 5px; background: var(--panel); }
        .pager button:disabled { opacity: .45; cursor: default; }
        .detail { border: 1px solid var(--accent); border-radius: 8px; padding: 10px 16px 14px; }
        .detail h2 { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
        .detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 6px 0; }
        .detail dt { color: var(--muted); }
        .detail dd { margin: 0; overflow-wrap: anywhere; }
        .remediation { background: #eef7ee; border-left: 4px solid #2e7d32; padding: 6px 10px; border-radius: 4px; white-space: pre-wrap; }
        .occurrence { border-top: 1px solid var(--line); padding: 8px 0 6px; }
        .occurrence .where { font-weight: 600; overflow-wrap: anywhere; }
        .occurrence pre { margin: 4px 0 0; padding: 5px 8px; background: var(--panel); border-radius: 4px; white-space: pre-wrap;
                          overflow-wrap: anywhere; }
        .refs { display: inline-flex; flex-wrap: wrap; gap: 4px; }
        .refs code { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
        .problems li { margin-bottom: 3px; overflow-wrap: anywhere; }
        .empty-note { color: var(--muted); font-style: italic; margin: 4px 0; }
        #page-errors { color: var(--critical); white-space: pre-wrap; border: 1px solid var(--critical); padding: 8px; }
        @media print { form.filters, .pager, #layers .strip { display: none; } table.findings td { white-space: normal; } }
        """
}
