//! CSV and GraphML exports.

use crate::linking::phone;
use redflag_link::{CsvFlavor, LinkConfig, LinkInput, Linker, write_csv, write_graphml};

fn linker() -> Result<Linker, redflag_link::Error> {
    let t = "call 0671234567";
    let e = [phone(t, "0671234567", "+380671234567")];
    let mut linker = Linker::new(LinkConfig::default());
    linker.add(
        &LinkInput::new("ad,1")
            .with_entities(&e)
            .with_category("youth"),
    )?;
    linker.add(&LinkInput::new("<ad&\"2\">").with_entities(&e))?;
    Ok(linker)
}

#[test]
fn csv_nodes_and_edges_for_gephi_and_neo4j() -> Result<(), Box<dyn std::error::Error>> {
    let clusters = linker()?.clusters();
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    write_csv(&clusters, CsvFlavor::Gephi, &mut nodes, &mut edges)?;
    assert_eq!(
        String::from_utf8(nodes)?,
        "Id,Label,cluster,max_level,categories\n\"<ad&\"\"2\"\">\",\"<ad&\"\"2\"\">\",1,none,youth\n\"ad,1\",\"ad,1\",1,none,youth\n"
    );
    assert_eq!(
        String::from_utf8(edges)?,
        "Source,Target,Type,via,value,similarity,distance\n\"<ad&\"\"2\"\">\",\"ad,1\",Undirected,phone,+380671234567,,\n"
    );
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    write_csv(&clusters, CsvFlavor::Neo4j, &mut nodes, &mut edges)?;
    let nodes = String::from_utf8(nodes)?;
    assert!(nodes.starts_with("id:ID,:LABEL,cluster:long,max_level,categories:string[]\n"));
    assert!(nodes.contains("\"ad,1\",Ad,1,none,youth\n"));
    let edges = String::from_utf8(edges)?;
    assert!(edges.starts_with(":START_ID,:END_ID,:TYPE,value,similarity:double,distance:int\n"));
    assert!(edges.contains(",PHONE,+380671234567,,\n"));
    Ok(())
}

#[test]
fn graphml_is_escaped() -> Result<(), Box<dyn std::error::Error>> {
    let clusters = linker()?.clusters();
    let mut out = Vec::new();
    write_graphml(&clusters, &mut out)?;
    let xml = String::from_utf8(out)?;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml"));
    assert!(xml.contains("<node id=\"&lt;ad&amp;&quot;2&quot;&gt;\">"));
    assert!(xml.contains(
        "<edge id=\"e1\" source=\"&lt;ad&amp;&quot;2&quot;&gt;\" target=\"ad,1\"><data key=\"via\">phone</data><data key=\"value\">+380671234567</data></edge>"
    ));
    assert!(xml.trim_end().ends_with("</graphml>"));
    assert!(!xml.contains("<ad&"));
    Ok(())
}

#[test]
fn write_errors_are_typed() -> Result<(), Box<dyn std::error::Error>> {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let clusters = linker()?.clusters();
    let err = write_graphml(&clusters, Broken)
        .err()
        .map(|e| e.to_string());
    assert_eq!(err.as_deref(), Some("export graphml: disk full"));
    let err = write_csv(&clusters, CsvFlavor::Gephi, Broken, Vec::new()).err();
    assert!(matches!(
        err,
        Some(redflag_link::Error::Export { format: "csv", .. })
    ));
    Ok(())
}
