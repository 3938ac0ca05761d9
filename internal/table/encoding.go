package table

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/vitrine/vitrine/internal/problem"
)

// The encodings decode reports, as check prints them.
const (
	encUTF8    = "UTF-8"
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
	encCP1252  = "Windows-1252"
)

// saveAsUTF8 is the advice for text vitrine cannot decode, in the words of
// German Excel, where such files come from.
const saveAsUTF8 = `save it as UTF-8: in Excel: Datei › Speichern unter › "CSV UTF-8 (durch Trennzeichen getrennt)"`

// Byte order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// cp1252Marks are the non-letters of Windows-1252 that German office text
// contains: the euro sign, typographic quotes and dashes, the non-breaking
// space and units.
const cp1252Marks = "€‚„“”‘’‹›–—…•·°§²³µ×÷½¼¾«»£¥¢©®™±\u00a0"

// decode returns data as UTF-8 text without a byte order mark, and the
// encoding it was in. A byte order mark decides; without one, text that is
// valid UTF-8 is UTF-8, and text that is not is Windows-1252 (which German
// Excel writes for "CSV (Trennzeichen-getrennt)", and which ISO-8859-1 text
// of letters is too) when every byte outside ASCII is a letter or a mark
// of cp1252Marks there. Anything else is refused rather than guessed at,
// so that no page shows mojibake.
func decode(name string, data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(name, data, xunicode.LittleEndian, encUTF16LE)
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(name, data, xunicode.BigEndian, encUTF16BE)
	case bytes.HasPrefix(data, bomUTF8):
		data = data[len(bomUTF8):]
		if i := invalidUTF8(data); i >= 0 {
			return nil, "", notText(name, data, i, "text is not UTF-8 although it starts with a UTF-8 byte order mark")
		}
		return data, encUTF8, nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, "", notText(name, data, i, "contains NUL bytes: it is not text, or UTF-16 without a byte order mark")
	}
	if utf8.Valid(data) {
		return data, encUTF8, nil
	}
	if i := notCP1252(data); i >= 0 {
		return nil, "", notText(name, data, i, "text is neither UTF-8 nor Windows-1252")
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", err
	}
	return text, encCP1252, nil
}

// decodeUTF16 decodes data, which starts with its byte order mark.
func decodeUTF16(name string, data []byte, order xunicode.Endianness, enc string) ([]byte, string, error) {
	text, err := xunicode.UTF16(order, xunicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil, "", err
	}
	// The decoder writes U+FFFD for an unpaired surrogate, the only
	// fault UTF-16 can have.
	if i := bytes.IndexRune(text, utf8.RuneError); i >= 0 {
		return nil, "", notText(name, text, i, "text is not valid "+enc)
	}
	return text, enc, nil
}

// invalidUTF8 returns the offset of the first byte of data that is not
// UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// notCP1252 returns the offset of the first byte of data that rules out
// Windows-1252 text, or -1. A valid UTF-8 sequence of several bytes does:
// a file that has them and invalid bytes too mixes encodings (rows pasted
// from elsewhere), and decoding it either way spoils some rows.
func notCP1252(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if size > 1 {
			return invalidUTF8(data)
		}
		if r == utf8.RuneError {
			r = charmap.Windows1252.DecodeByte(data[i])
			if !unicode.IsLetter(r) && !strings.ContainsRune(cp1252Marks, r) {
				return i
			}
		}
		i += size
	}
	return -1
}

// notText is the problem of text that vitrine cannot decode, at offset i
// of data.
func notText(name string, data []byte, i int, msg string) *problem.Problem {
	return &problem.Problem{
		File: name,
		Line: EditorLine(data[:i]),
		Msg:  msg,
		Hint: saveAsUTF8,
	}
}

// EditorLine returns the line, as an editor counts it, that follows text,
// whose lines end in "\n", "\r\n" or, from an old Mac, "\r".
func EditorLine(text []byte) int {
	return bytes.Count(text, []byte("\n")) + bytes.Count(text, []byte("\r")) - bytes.Count(text, []byte("\r\n")) + 1
}
