package links

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"
)

// uuidForm is the canonical textual form of a UUID in lower case.
var uuidForm = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// minDistinctDigits guards against ids typed or "simplified" by hand, such
// as 00000000-0000-4000-8000-000000000000: such an id passes every format
// check but is guessable, and the id is the only secret protecting a
// customer's page. Among the 31 random hex digits of a v4 UUID, fewer than 8
// distinct digits occur with a probability of about 3.5e-8 (1 in 28
// million), so a genuine random id is practically never rejected, and NewID
// draws again in that case so vitrine itself never writes one.
const minDistinctDigits = 8

// NewID returns a fresh random link id: a UUID v4 in canonical lower-case
// form that passes the checks of Validate.
func NewID() (string, error) {
	for {
		u, err := uuid.NewRandom()
		if err != nil {
			return "", fmt.Errorf("new link id: %w", err)
		}
		if id := u.String(); checkID(id) == "" {
			return id, nil
		}
	}
}

// checkID returns what is wrong with id as a link id, or "" when it is a
// canonical lower-case random UUID v4 with the RFC 4122 variant.
func checkID(id string) string {
	switch {
	case id == "":
		return "is missing"
	case !uuidForm.MatchString(id):
		if uuidForm.MatchString(strings.ToLower(id)) {
			return fmt.Sprintf("%q must be written in lower case", id)
		}
		return fmt.Sprintf("%q is not a UUID", id)
	case id[14] != '4':
		return fmt.Sprintf("%q is a UUID of version %c, not a random UUID v4", id, id[14])
	case !strings.ContainsRune("89ab", rune(id[19])):
		return fmt.Sprintf("%q does not have the RFC 4122 variant of a random UUID v4", id)
	case distinctDigits(id) < minDistinctDigits:
		return fmt.Sprintf("%q is too regular to be random and could be guessed", id)
	}
	return ""
}

func distinctDigits(id string) int {
	var seen [16]bool
	n := 0
	for _, c := range id {
		if c == '-' {
			continue
		}
		d := strings.IndexRune("0123456789abcdef", c)
		if !seen[d] {
			seen[d] = true
			n++
		}
	}
	return n
}
