//! YAML text as text: where each node of a file is (to place findings at `line:column`)
//! and the exact byte spans of its values (to edit one value and keep every other byte).
//!
//! Both walk saphyr-parser's event stream, which marks every event with its position;
//! serde_yaml, which builds the values, gives no positions.

pub mod fast;
pub mod locate;
pub mod spans;
