//! A binary using a crate written by `qapi-gen rust --crate`: decodes an
//! event line into the generated event enum.

use example_bindings::events::Event;

fn main() {
    let line = r#"{"event": "STOP", "timestamp": {"seconds": 1, "microseconds": 2}}"#;
    let msg: qmp::EventMessage = qmp::serde_json::from_str(line).expect("an event line");
    let event: Event = msg.decode().expect("a known event");
    assert!(matches!(event, Event::Stop(_)));
    println!("{}", event.name());
}
