#!/usr/bin/env python3
"""Tables for a suite run: medians per row, then ratios of SUBJECT (stowaway) against every other row on the same
input and variant. Reads OUT/runs.tsv, OUT/rows.tsv, OUT/na.tsv (written by suite.sh); prints Markdown.

Usage: report.py OUT [SUBJECT]

Ratios are ratios of medians from the same suite call (interleaved rounds), never absolute thresholds:
  speed = other wall / subject wall   (2.0 = the subject needs half the time; 0.5 = twice the time)
  cpu   = other cpu  / subject cpu    (the same for CPU seconds: less sensitive to other load)
  RSS   = subject peak RSS / other peak RSS
"""
import csv
import os
import statistics
import sys

out = sys.argv[1]
subject = sys.argv[2] if len(sys.argv) > 2 else 'stowaway'


def tsv(name):
    path = os.path.join(out, name)
    return list(csv.DictReader(open(path), delimiter='\t')) if os.path.exists(path) else []


runs = {}
for r in tsv('runs.tsv'):
    runs.setdefault(r['id'], []).append(r)
rows = tsv('rows.tsv')
na = tsv('na.tsv')
med = statistics.median

stats = {}
for row in rows:
    rs = runs.get(row['id'], [])
    if not rs:
        continue
    wall = [float(r['wall_s']) for r in rs]
    cpu = [float(r['user_s']) + float(r['sys_s']) for r in rs]
    rss = [int(r['maxrss_kb']) / 1024 for r in rs]
    load = [float(r['load1']) for r in rs]
    ib = int(row['input_bytes'] or 0)
    w, c = med(wall), med(cpu)
    stats[row['id']] = dict(row=row, wall=w, wmin=min(wall), wmax=max(wall), cpu=c, rss=med(rss),
                            load=med(load), n=len(rs), mbps=(ib / 1e6 / w) if w and ib >= 1e6 else None,
                            ok=row['ok'] == '1')


def mb(b):
    if b in ('', '-', None):
        return '-'
    b = int(b)
    return '%.1f' % (b / 1e6) if b >= 1e5 or b == 0 else '%.1f KB' % (b / 1e3)


def sec(x):
    return '%.3f' % x if x < 1 else '%.2f' % x


print('## Medians (%s)' % os.path.basename(out.rstrip('/')))
print()
hdr = ['row', 'input MB', 'wall s median [min-max]', 'cpu s', 'cores', 'peak RSS MB', 'MB/s', 'cpu s/GB',
       'scanned MB (tool says)', 'findings', 'runs', 'load1', 'note']
print('| ' + ' | '.join(hdr) + ' |')
print('|' + '---|' * len(hdr))
for row in rows:
    s = stats.get(row['id'])
    if not s:
        continue
    ib = int(row['input_bytes'] or 0)
    note = row['note'].strip()
    if not s['ok']:
        note = ('FAILED/CAPPED: ' + note).strip()
    print('| %s | %s | %s [%s-%s] | %.2f | %.2f | %.0f | %s | %s | %s | %s | %d | %.1f | %s |' % (
        row['id'], mb(ib), sec(s['wall']), sec(s['wmin']), sec(s['wmax']), s['cpu'], s['cpu'] / s['wall'] if s['wall'] else 0,
        s['rss'], '%.0f' % s['mbps'] if s['mbps'] and s['ok'] else '-',
        '%.1f' % (s['cpu'] / (ib / 1e9)) if ib >= 1e6 else '-',
        mb(row['scanned_bytes']), row['findings'], s['n'], s['load'], note))
for r in na:
    print('| %s | %s | - | - | - | - | - | - | - | - | 0 | - | %s |' % (r['id'], mb(r['input_bytes']), r['note']))

# ---------------------------------------------------------------------------------------------------------------
print()
print('## Ratios: %s against each peer and reference (same input, same variant)' % subject)
print()
print('speed = their wall / %s wall (>1: %s is faster); cpu = their cpu / %s cpu; RSS = %s RSS / theirs.' % (
    subject, subject, subject, subject))
print()


def group(id_):
    parts = id_.split('/')
    return parts[0], (parts[2] if len(parts) > 2 else 'default')


def tool(id_):
    return id_.split('/')[1]


subjects = [i for i in stats if tool(i) == subject] + [r['id'] for r in na if tool(r['id']) == subject]
if not subjects:
    print('n/a: no %s rows in this run' % subject)
hdr = ['%s row' % subject, 'against', 'their wall s', '%s wall s' % subject, 'speed', 'in words', 'cpu', 'RSS']
printed_header = False
for sid in subjects:
    inp, var = group(sid)
    s = stats.get(sid)
    if not printed_header:
        print('| ' + ' | '.join(hdr) + ' |')
        print('|' + '---|' * len(hdr))
        printed_header = True
    if s is None:
        reason = next(r['note'] for r in na if r['id'] == sid)
        print('| %s | all | - | - | - | %s | - | - |' % (sid, reason))
        continue
    if not s['ok']:
        print('| %s | all | - | %.2f | - | n/a: %s run failed or was capped (see its log) | - | - |' % (
            sid, s['wall'], subject))
        continue
    others = [i for i in stats if i != sid and group(i) == (inp, var)]
    # single-thread groups: borrow the single-threaded physical references of the default group
    if var != 'default':
        others += [i for i in stats if group(i) == (inp, 'default') and tool(i) in ('ref-cat', 'ref-gitblobs')
                   and i not in others]
    peers = [i for i in others if not tool(i).startswith('ref-')]
    refs = [i for i in others if tool(i).startswith('ref-')]
    for oid in peers + refs:
        o = stats[oid]
        if not o['ok']:
            print('| %s | %s | %.2f | %.2f | - | n/a: their run failed or was capped | - | - |' % (
                sid, oid, o['wall'], s['wall']))
            continue
        sp = o['wall'] / s['wall'] if s['wall'] else float('nan')
        cp = o['cpu'] / s['cpu'] if s['cpu'] else float('nan')
        rr = s['rss'] / o['rss'] if o['rss'] else float('nan')
        words = ('%.2f× faster' % sp) if sp >= 1 else ('%.2f× slower' % (1 / sp))
        label = oid + (' (reference)' if tool(oid).startswith('ref-') else '')
        print('| %s | %s | %s | %s | %.2f | %s | %s | %.2f |' % (
            sid, label, sec(o['wall']), sec(s['wall']), sp, words, '%.2f' % cp if cp == cp else '-', rr))
