//! A ZIP archive of stored (uncompressed) entries, written in memory: the photos of an export
//! are JPEGs already, so compressing them again gains nothing. Names are UTF-8 (flag bit 11);
//! no ZIP64, so an archive stays under 4 GiB and 65,535 entries (refused beyond).

/// Why an archive could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    #[error("the archive would be larger than 4 GiB")]
    TooLarge,
    #[error("the archive would have more than 65,535 entries")]
    TooManyEntries,
    #[error("an entry name is longer than 65,535 bytes")]
    NameTooLong,
}

/// Entries written so far, and where each starts.
#[derive(Debug, Default)]
pub struct StoredZip {
    bytes: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
}

/// 1980-01-01 00:00 in MS-DOS time and date: the archive carries no real time.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 2.0 (stored entries); bit 11: names in UTF-8.
const VERSION: u16 = 20;
const UTF8_NAMES: u16 = 1 << 11;

fn u16le(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

impl StoredZip {
    pub fn new() -> StoredZip {
        StoredZip::default()
    }

    /// Adds a file named `name` (a relative path with `/`) holding `data`.
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ZipError> {
        let entries = self
            .entries
            .checked_add(1)
            .ok_or(ZipError::TooManyEntries)?;
        let name_len = u16::try_from(name.len()).map_err(|_| ZipError::NameTooLong)?;
        let size = u32::try_from(data.len()).map_err(|_| ZipError::TooLarge)?;
        let offset = u32::try_from(self.bytes.len()).map_err(|_| ZipError::TooLarge)?;
        let grown = self.bytes.len() + 30 + name.len() + data.len();
        if grown + self.central.len() + 46 + name.len() + 22 > u32::MAX as usize {
            return Err(ZipError::TooLarge);
        }
        let crc = crc32fast::hash(data);
        let out = &mut self.bytes;
        u32le(out, 0x0403_4b50);
        u16le(out, VERSION);
        u16le(out, UTF8_NAMES);
        u16le(out, 0); // stored
        u16le(out, DOS_TIME);
        u16le(out, DOS_DATE);
        u32le(out, crc);
        u32le(out, size);
        u32le(out, size);
        u16le(out, name_len);
        u16le(out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        let central = &mut self.central;
        u32le(central, 0x0201_4b50);
        u16le(central, VERSION);
        u16le(central, VERSION);
        u16le(central, UTF8_NAMES);
        u16le(central, 0);
        u16le(central, DOS_TIME);
        u16le(central, DOS_DATE);
        u32le(central, crc);
        u32le(central, size);
        u32le(central, size);
        u16le(central, name_len);
        u16le(central, 0); // extra
        u16le(central, 0); // comment
        u16le(central, 0); // disk
        u16le(central, 0); // internal attributes
        u32le(central, 0); // external attributes
        u32le(central, offset);
        central.extend_from_slice(name.as_bytes());
        self.entries = entries;
        Ok(())
    }

    /// The whole archive: the entries, the central directory and its end record.
    pub fn finish(mut self) -> Vec<u8> {
        let directory_offset = self.bytes.len() as u32;
        let directory_size = self.central.len() as u32;
        self.bytes.append(&mut self.central);
        let out = &mut self.bytes;
        u32le(out, 0x0605_4b50);
        u16le(out, 0);
        u16le(out, 0);
        u16le(out, self.entries);
        u16le(out, self.entries);
        u32le(out, directory_size);
        u32le(out, directory_offset);
        u16le(out, 0);
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_lists_its_entries_with_their_crc() {
        let mut zip = StoredZip::new();
        zip.add("DK-1/portrait.jpg", b"abc").unwrap();
        zip.add("ghi chú.txt", "Nguyễn".as_bytes()).unwrap();
        let bytes = zip.finish();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        // The end record: 2 entries, the directory right after the data.
        let end = &bytes[bytes.len() - 22..];
        assert_eq!(&end[..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let offset = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as usize;
        assert_eq!(&bytes[offset..offset + 4], b"PK\x01\x02");
        // CRC-32 of "abc" (the standard check value of the algorithm's tables).
        assert_eq!(&bytes[14..18], &0x3524_41c2u32.to_le_bytes());
        assert!(bytes
            .windows("ghi chú.txt".len())
            .any(|w| w == "ghi chú.txt".as_bytes()));
    }
}
