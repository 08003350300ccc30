#!/usr/bin/env node
// Citations with locators, affixes and positions as citeproc-js (the CSL processor inside
// Zotero) renders them, configured as Zotero configures it. Driven by cite_expectations.py.
//
// usage: node cite_expectations.js CITEPROC_DIR TASK.json
//   TASK.json: {"items": [...], "style": PATH, "locale": "en-GB", "locales": DIR,
//               "document": bool, "clusters": [[{"id", "locator", "label", "prefix", ...}], ...]}
// prints {"citations": [one HTML string per cluster]}
//   document false: each cluster alone (makeCitationCluster) against every item;
//   document true: the clusters as one document's footnotes 1, 2, ... (processCitationCluster),
//   whose bibliography is the works cited, so positions (ibid, subsequent) carry over.
'use strict';

const fs = require('fs');
const path = require('path');

const CSL = require(process.argv[2]);
const task = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const byId = new Map(task.items.map((it) => [String(it.id), it]));
const sys = {
  retrieveLocale(lang) {
    const p = path.join(task.locales, `locales-${lang}.xml`);
    return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : false;
  },
  retrieveItem(id) {
    const it = byId.get(String(id));
    return it ? JSON.parse(JSON.stringify(it)) : undefined;
  },
};
const xml = fs.readFileSync(task.style, 'utf8');
const shortId = ((xml.match(/<id>\s*([^<\s]+)\s*<\/id>/) || [])[1] || '').replace(/^.*\//, '');
if (/^apa($|-)|^academy-of-management($|-)|^(freshwater-science)/.test(shortId)) sys.uppercase_subtitles = true;
const engine = new CSL.Engine(sys, xml, task.locale, false);
engine.setOutputFormat('html');
engine.opt.development_extensions.wrap_url_and_doi = true;
engine.opt.development_extensions.parse_names = false;
const citations = [];
if (task.document) {
  const before = [];
  task.clusters.forEach((items, i) => {
    const citation = { citationID: `c${i}`, citationItems: items, properties: { noteIndex: i + 1 } };
    const [, changed] = engine.processCitationCluster(citation, before.slice(), []);
    before.push([`c${i}`, i + 1]);
    for (const [index, text] of changed) citations[index] = text;
  });
} else {
  engine.updateItems(task.items.map((it) => String(it.id)));
  for (const items of task.clusters) citations.push(engine.makeCitationCluster(items));
}
process.stdout.write(JSON.stringify({ citations }) + '\n');
