#!/usr/bin/env python3
"""The size rule of api/src: no function over 80 lines, no file over 400 (test modules at the
end of a file, `#[cfg(test)]`, not counted). Lists what breaks it and exits 1; `LIMIT=n` and
directories as arguments change what is checked. Brace matching, ignoring strings and line
comments."""
import re, sys, os
limit = int(os.environ.get('LIMIT', 80))
roots = sys.argv[1:] or ['api/src']
fn_re = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(async\s+)?(const\s+)?(unsafe\s+)?fn\s+(\w+)')
def strip(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line.split('//')[0]
long_fns, long_files = [], []
for root in roots:
    for dp, _, fs in os.walk(root):
        for f in fs:
            if not f.endswith('.rs'): continue
            p = os.path.join(dp, f)
            lines = open(p, encoding='utf-8').read().split('\n')
            cut = len(lines)
            for i, l in enumerate(lines):
                if l.startswith('#[cfg(test)]'):
                    cut = i; break
            if cut > 400: long_files.append((cut, p))
            i = 0
            while i < cut:
                m = fn_re.match(lines[i])
                if not m: i += 1; continue
                depth, started, j = 0, False, i
                while j < cut:
                    s = strip(lines[j])
                    if not started and ';' in s and '{' not in s: break
                    depth += s.count('{') - s.count('}')
                    if '{' in s: started = True
                    if started and depth <= 0: break
                    j += 1
                n = j - i + 1
                if started and n > limit: long_fns.append((n, p, m.group(6)))
                i += 1
for n, p, name in sorted(long_fns, reverse=True): print(f'fn   {n:4d}  {p}  {name}')
for n, p in sorted(long_files, reverse=True): print(f'file {n:4d}  {p}')
print(f'{len(long_fns)} functions over {limit} lines, {len(long_files)} files over 400 lines')
sys.exit(1 if long_fns or long_files else 0)
