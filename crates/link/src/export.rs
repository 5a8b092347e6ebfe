//! Exporters for graph tools: CSV node and edge lists (Gephi, Neo4j) and GraphML (Gephi, yEd).
//!
//! Nodes are the members of the given clusters, with their cluster id, the cluster's highest
//! level and its categories; edges are the clusters' explained edges.

use crate::{Cluster, Error};
use std::io::Write;

/// The header convention of [`write_csv`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvFlavor {
    /// Gephi's spreadsheet import: nodes `Id,Label,cluster,max_level,categories`, edges
    /// `Source,Target,Type,via,value,similarity,distance` (`Type` is `Undirected`).
    #[default]
    Gephi,
    /// `neo4j-admin database import`: nodes `id:ID,:LABEL,cluster:long,max_level,categories:string[]`
    /// (label `Ad`, array delimiter `;`), relationships
    /// `:START_ID,:END_ID,:TYPE,value,similarity:double,distance:int` (type = the evidence in
    /// upper case, e.g. `PHONE`).
    Neo4j,
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn io(format: &'static str) -> impl Fn(std::io::Error) -> Error {
    move |e| Error::Export {
        format,
        message: e.to_string(),
    }
}

/// Writes the clusters' members to `nodes` and their edges to `edges`, as CSV with a header row.
/// Fields with commas, quotes or line breaks are quoted (RFC 4180).
///
/// # Errors
/// [`Error::Export`] when writing fails.
pub fn write_csv<N: Write, E: Write>(
    clusters: &[Cluster],
    flavor: CsvFlavor,
    mut nodes: N,
    mut edges: E,
) -> Result<(), Error> {
    let err = io("csv");
    match flavor {
        CsvFlavor::Gephi => {
            writeln!(nodes, "Id,Label,cluster,max_level,categories").map_err(&err)?;
            writeln!(edges, "Source,Target,Type,via,value,similarity,distance").map_err(&err)?;
        }
        CsvFlavor::Neo4j => {
            writeln!(
                nodes,
                "id:ID,:LABEL,cluster:long,max_level,categories:string[]"
            )
            .map_err(&err)?;
            writeln!(
                edges,
                ":START_ID,:END_ID,:TYPE,value,similarity:double,distance:int"
            )
            .map_err(&err)?;
        }
    }
    for c in clusters {
        let cats = csv_field(&c.categories.join(";"));
        for m in &c.members {
            let id = csv_field(m);
            match flavor {
                CsvFlavor::Gephi => writeln!(nodes, "{id},{id},{},{},{cats}", c.id, c.max_level),
                CsvFlavor::Neo4j => writeln!(nodes, "{id},Ad,{},{},{cats}", c.id, c.max_level),
            }
            .map_err(&err)?;
        }
        for e in &c.edges {
            let value = csv_field(e.value.as_deref().unwrap_or(""));
            let sim = e.similarity.map(|s| s.to_string()).unwrap_or_default();
            let dist = e.distance.map(|d| d.to_string()).unwrap_or_default();
            let (a, b) = (csv_field(&e.a), csv_field(&e.b));
            match flavor {
                CsvFlavor::Gephi => {
                    writeln!(edges, "{a},{b},Undirected,{},{value},{sim},{dist}", e.via)
                }
                CsvFlavor::Neo4j => writeln!(
                    edges,
                    "{a},{b},{},{value},{sim},{dist}",
                    e.via.as_str().to_uppercase()
                ),
            }
            .map_err(&err)?;
        }
    }
    nodes.flush().map_err(&err)?;
    edges.flush().map_err(&err)
}

/// Escapes text for XML content and attribute values. Characters XML 1.0 does not allow
/// (control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF) become
/// U+FFFD.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Writes the clusters as one undirected GraphML graph. Node attributes: `cluster`, `max_level`,
/// `categories` (`;`-separated); edge attributes: `via`, `value`, `similarity`, `distance`.
///
/// # Errors
/// [`Error::Export`] when writing fails.
pub fn write_graphml<W: Write>(clusters: &[Cluster], writer: W) -> Result<(), Error> {
    let err = io("graphml");
    let mut w = std::io::BufWriter::new(writer);
    w.write_all(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
            "  <key id=\"cluster\" for=\"node\" attr.name=\"cluster\" attr.type=\"long\"/>\n",
            "  <key id=\"max_level\" for=\"node\" attr.name=\"max_level\" attr.type=\"string\"/>\n",
            "  <key id=\"categories\" for=\"node\" attr.name=\"categories\" attr.type=\"string\"/>\n",
            "  <key id=\"via\" for=\"edge\" attr.name=\"via\" attr.type=\"string\"/>\n",
            "  <key id=\"value\" for=\"edge\" attr.name=\"value\" attr.type=\"string\"/>\n",
            "  <key id=\"similarity\" for=\"edge\" attr.name=\"similarity\" attr.type=\"double\"/>\n",
            "  <key id=\"distance\" for=\"edge\" attr.name=\"distance\" attr.type=\"int\"/>\n",
            "  <graph id=\"redflag-link\" edgedefault=\"undirected\">\n"
        )
        .as_bytes(),
    )
    .map_err(&err)?;
    for c in clusters {
        let cats = xml(&c.categories.join(";"));
        for m in &c.members {
            writeln!(
                w,
                "    <node id=\"{}\"><data key=\"cluster\">{}</data><data key=\"max_level\">{}</data><data key=\"categories\">{cats}</data></node>",
                xml(m),
                c.id,
                c.max_level
            )
            .map_err(&err)?;
        }
    }
    let mut n = 0usize;
    for c in clusters {
        for e in &c.edges {
            n += 1;
            write!(
                w,
                "    <edge id=\"e{n}\" source=\"{}\" target=\"{}\"><data key=\"via\">{}</data>",
                xml(&e.a),
                xml(&e.b),
                e.via
            )
            .map_err(&err)?;
            if let Some(v) = &e.value {
                write!(w, "<data key=\"value\">{}</data>", xml(v)).map_err(&err)?;
            }
            if let Some(s) = e.similarity {
                write!(w, "<data key=\"similarity\">{s}</data>").map_err(&err)?;
            }
            if let Some(d) = e.distance {
                write!(w, "<data key=\"distance\">{d}</data>").map_err(&err)?;
            }
            writeln!(w, "</edge>").map_err(&err)?;
        }
    }
    w.write_all(b"  </graph>\n</graphml>\n").map_err(&err)?;
    w.flush().map_err(&err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_special_fields() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn xml_escapes_markup_and_invalid_characters() {
        assert_eq!(
            xml("<a href='x'>&\"</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(xml("bell\u{7}tab\t"), "bell\u{fffd}tab\t");
        assert_eq!(xml("\u{ffff}"), "\u{fffd}");
    }
}
