//! An incremental, bounded decoder for server-sent events (the WHATWG
//! "event stream" format) as OpenAI-compatible servers send them.
//!
//! Bytes go in as they arrive, in chunks of any size; the `data` of each
//! complete event comes out. What it accepts:
//!
//! - lines ending in CRLF, LF or a lone CR, even when a chunk ends between
//!   the CR and the LF;
//! - comment lines (`: ping`), which are skipped, and fields other than
//!   `data` (`event`, `id`, `retry`), which are ignored;
//! - events of several `data:` lines, joined with `\n`;
//! - a leading byte-order mark.
//!
//! Memory is bounded: a line, or the data of one event, longer than the cap
//! is an error, so a server that sends bytes forever without a newline
//! cannot make the client hold them.

/// Why the stream cannot be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SseError {
    /// One line (or one event's data) is longer than the cap.
    TooLong {
        /// The cap, in bytes.
        cap: usize,
    },
}

/// The decoder's state between chunks.
#[derive(Debug)]
pub struct Decoder {
    cap: usize,
    line: Vec<u8>,
    data: String,
    has_data: bool,
    /// The previous chunk ended in a CR: a LF that starts this one belongs
    /// to the same line ending.
    after_cr: bool,
    /// No line has ended yet: a byte-order mark may open this one.
    first_line: bool,
}

impl Decoder {
    /// A decoder that refuses lines and events longer than `cap` bytes.
    pub fn new(cap: usize) -> Self {
        Decoder {
            cap,
            line: Vec::new(),
            data: String::new(),
            has_data: false,
            after_cr: false,
            first_line: true,
        }
    }

    /// Decodes `bytes`, appending the data of every event they complete to
    /// `events`.
    pub fn feed(&mut self, mut bytes: &[u8], events: &mut Vec<String>) -> Result<(), SseError> {
        while !bytes.is_empty() {
            if self.after_cr && bytes[0] == b'\n' {
                bytes = &bytes[1..];
            }
            self.after_cr = false;
            match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(end) => {
                    self.push(&bytes[..end])?;
                    self.after_cr = bytes[end] == b'\r';
                    bytes = &bytes[end + 1..];
                    self.end_line(events)?;
                }
                None => {
                    self.push(bytes)?;
                    bytes = &[];
                }
            }
        }
        Ok(())
    }

    /// Ends the stream. Returns what a well-formed stream would have
    /// dispatched with one more blank line: the data of an event whose
    /// terminating blank line (or whose last line's ending) never came.
    /// Such data may be a cut-off fragment; the caller decides.
    pub fn finish(&mut self) -> Result<Option<String>, SseError> {
        let mut events = Vec::new();
        if !self.line.is_empty() {
            self.end_line(&mut events)?;
        }
        self.end_line(&mut events)?;
        Ok(events.pop())
    }

    fn push(&mut self, bytes: &[u8]) -> Result<(), SseError> {
        if self.line.len() + bytes.len() > self.cap {
            return Err(SseError::TooLong { cap: self.cap });
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn end_line(&mut self, events: &mut Vec<String>) -> Result<(), SseError> {
        let mut line = String::from_utf8_lossy(&self.line).into_owned();
        self.line.clear();
        if std::mem::take(&mut self.first_line) {
            if let Some(rest) = line.strip_prefix('\u{FEFF}') {
                line = rest.to_owned();
            }
        }
        if line.is_empty() {
            if self.has_data {
                events.push(std::mem::take(&mut self.data));
                self.has_data = false;
            }
            return Ok(());
        }
        if line.starts_with(':') {
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_str(), ""),
        };
        if field == "data" {
            if self.data.len() + value.len() + 1 > self.cap {
                return Err(SseError::TooLong { cap: self.cap });
            }
            if self.has_data {
                self.data.push('\n');
            }
            self.data.push_str(value);
            self.has_data = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `chunks` one by one and collects every event, the final one
    /// from `finish` marked with a `!`.
    fn decode(chunks: &[&[u8]]) -> Vec<String> {
        let mut d = Decoder::new(64);
        let mut events = Vec::new();
        for chunk in chunks {
            d.feed(chunk, &mut events).unwrap();
        }
        if let Some(last) = d.finish().unwrap() {
            events.push(format!("!{last}"));
        }
        events
    }

    #[test]
    fn lf_crlf_and_lone_cr_endings() {
        for stream in [
            &b"data: a\n\ndata: b\n\n"[..],
            b"data: a\r\n\r\ndata: b\r\n\r\n",
            b"data: a\r\rdata: b\r\r",
        ] {
            assert_eq!(decode(&[stream]), ["a", "b"], "{stream:?}");
        }
    }

    #[test]
    fn chunks_split_anywhere_give_the_same_events() {
        let stream =
            b"\xEF\xBB\xBFdata: {\"x\":1}\r\n: ping\r\n\r\ndata: two\r\ndata: lines\r\n\r\n";
        let whole = decode(&[stream]);
        assert_eq!(whole, ["{\"x\":1}", "two\nlines"]);
        for cut in 0..stream.len() {
            let (a, b) = stream.split_at(cut);
            assert_eq!(decode(&[a, b]), whole, "cut at {cut}");
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(decode(&bytes), whole);
    }

    #[test]
    fn comments_and_other_fields_are_skipped() {
        let stream = b": keep-alive\nevent: message\nid: 7\nretry: 10\ndata:x\n\n";
        assert_eq!(decode(&[stream]), ["x"]);
        // An event with no data dispatches nothing.
        assert!(decode(&[b"event: ping\n\n"]).is_empty());
    }

    #[test]
    fn only_one_space_after_the_colon_is_dropped() {
        assert_eq!(decode(&[b"data:  two spaces\n\n"]), [" two spaces"]);
        assert_eq!(decode(&[b"data\n\n"]), [""]);
    }

    #[test]
    fn an_unterminated_event_comes_out_of_finish() {
        assert_eq!(decode(&[b"data: [DONE]\n"]), ["![DONE]"]);
        assert_eq!(decode(&[b"data: [DONE]"]), ["![DONE]"]);
        assert_eq!(decode(&[b"data: {\"cho"]), ["!{\"cho"]);
        assert!(decode(&[b"data: a\n\n"]).len() == 1);
    }

    #[test]
    fn long_lines_and_events_are_refused() {
        let mut d = Decoder::new(16);
        let mut events = Vec::new();
        let err = d.feed(&[b'x'; 17], &mut events).unwrap_err();
        assert_eq!(err, SseError::TooLong { cap: 16 });
        // Growing one chunk at a time hits the cap too.
        let mut d = Decoder::new(16);
        for _ in 0..16 {
            d.feed(b"y", &mut events).unwrap();
        }
        assert!(d.feed(b"y", &mut events).is_err());
        // So does an event of many short data lines.
        let mut d = Decoder::new(16);
        let r = (0..10).try_for_each(|_| d.feed(b"data: abc\n", &mut events));
        assert!(r.is_err());
    }
}
