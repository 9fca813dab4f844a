package web

import (
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// DefaultEmergencyNumber is the number shown when none is configured:
// 112 works across the EU and is forwarded in many other countries.
const DefaultEmergencyNumber = "112"

// localEmergency are the local emergency numbers of the countries a site
// may name (ISO 3166-1 alpha-2), the most familiar first.
var localEmergency = map[string][]string{
	"AU": {"000"},
	"CA": {"911"},
	"GB": {"999"},
	"IE": {"112", "999"},
	"NZ": {"111"},
	"US": {"911"},
}

// Countries lists the country codes EmergencyNumbers knows.
func Countries() []string {
	out := make([]string, 0, len(localEmergency))
	for c := range localEmergency {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

var dialable = regexp.MustCompile(`^[0-9]{2,8}$`)

// EmergencyNumbers lists the numbers the emergency page offers to call:
// the country's local numbers first (people know them), then number.
// number must be 2 to 8 digits; country is "" or a code of Countries.
func EmergencyNumbers(number, country string) ([]string, error) {
	if !dialable.MatchString(number) {
		return nil, fmt.Errorf("emergency number %q: use 2 to 8 digits, such as 112", number)
	}
	var out []string
	if country != "" {
		local, ok := localEmergency[strings.ToUpper(country)]
		if !ok {
			return nil, fmt.Errorf("country %q: supple knows the emergency numbers of %s; elsewhere leave the country empty and set the emergency number", country, strings.Join(Countries(), ", "))
		}
		out = append(out, local...)
	}
	if !slices.Contains(out, number) {
		out = append(out, number)
	}
	return out, nil
}

// call is a number to call, with its tap-to-call link.
type call struct {
	Number string
	Href   template.URL // tel:NUMBER; html/template would refuse a plain string
}

func calls(numbers []string) []call {
	out := make([]call, len(numbers))
	for i, n := range numbers {
		out[i] = call{Number: n, Href: template.URL("tel:" + n)} // n is digits only (EmergencyNumbers)
	}
	return out
}
