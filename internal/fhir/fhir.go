// Package fhir writes a member's logs and check-ins as a FHIR R4 Bundle
// of Observations (pain scores as LOINC 72514-3, exercise minutes as
// LOINC 55411-3, the PSFS in a local code system; clinical.md sections 7
// and 8), publishes the definitions of its own URLs, answers bad requests with an
// OperationOutcome, and checks bundles against the R4 rules for
// Observation. It uses only the standard library.
package fhir

import (
	"crypto/sha1" //nolint:gosec // UUID version 5 is defined with SHA-1 (RFC 9562 5.5)
	"fmt"
)

// ContentType is the FHIR JSON media type.
const ContentType = "application/fhir+json"

// Code systems and codes used in the export.
const (
	LOINC               = "http://loinc.org"
	UCUM                = "http://unitsofmeasure.org"
	ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
	CodePain            = "72514-3" // Pain severity - 0-10 verbal numeric rating [Score] - Reported
	CodeExerciseMinutes = "55411-3" // Exercise duration
)

// Bundle is a FHIR Bundle.
type Bundle struct {
	ResourceType string  `json:"resourceType"`
	ID           string  `json:"id,omitempty"`
	Meta         *Meta   `json:"meta,omitempty"`
	Type         string  `json:"type"`
	Timestamp    string  `json:"timestamp,omitempty"`
	Total        *int    `json:"total,omitempty"`
	Entry        []Entry `json:"entry"`
}

// Meta is a resource's metadata.
type Meta struct {
	LastUpdated string `json:"lastUpdated,omitempty"`
}

// Entry is one resource of a bundle.
type Entry struct {
	FullURL  string `json:"fullUrl"`
	Resource any    `json:"resource"`
}

// Patient is the member, known only by an opaque identifier.
type Patient struct {
	ResourceType string       `json:"resourceType"`
	ID           string       `json:"id"`
	Identifier   []Identifier `json:"identifier"`
	Active       bool         `json:"active"`
}

// Identifier is a business identifier.
type Identifier struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// Observation is one measurement or answer.
type Observation struct {
	ResourceType      string            `json:"resourceType"`
	ID                string            `json:"id"`
	Extension         []Extension       `json:"extension,omitempty"`
	Status            string            `json:"status"`
	Category          []CodeableConcept `json:"category"`
	Code              CodeableConcept   `json:"code"`
	Subject           Reference         `json:"subject"`
	EffectiveDateTime string            `json:"effectiveDateTime"`
	ValueInteger      *int              `json:"valueInteger,omitempty"`
	ValueQuantity     *Quantity         `json:"valueQuantity,omitempty"`
	Note              []Annotation      `json:"note,omitempty"`
	Component         []Component       `json:"component,omitempty"`
}

// Component is one part of an Observation, such as one PSFS activity.
type Component struct {
	Code         CodeableConcept `json:"code"`
	ValueInteger *int            `json:"valueInteger"`
}

// Extension is a FHIR extension with a code or string value.
type Extension struct {
	URL         string `json:"url"`
	ValueCode   string `json:"valueCode,omitempty"`
	ValueString string `json:"valueString,omitempty"`
}

// CodeableConcept is a concept with codings and a text.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Coding is a code in a code system.
type Coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

// Reference points at another resource.
type Reference struct {
	Reference string `json:"reference"`
}

// Quantity is a measured amount with a UCUM unit.
type Quantity struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	System string  `json:"system"`
	Code   string  `json:"code"`
}

// Annotation is a text note.
type Annotation struct {
	Text string `json:"text"`
}

// OperationOutcome explains why a request failed.
type OperationOutcome struct {
	ResourceType string  `json:"resourceType"`
	Issue        []Issue `json:"issue"`
}

// Issue is one problem of an OperationOutcome.
type Issue struct {
	Severity    string           `json:"severity"`
	Code        string           `json:"code"`
	Details     *CodeableConcept `json:"details,omitempty"`
	Diagnostics string           `json:"diagnostics,omitempty"`
	Expression  []string         `json:"expression,omitempty"`
}

// Outcome is an error OperationOutcome naming the request parameter at
// fault. code is an IssueType such as "invalid", "value" or
// "not-supported".
func Outcome(param, code, message string) OperationOutcome {
	return OperationOutcome{ResourceType: "OperationOutcome", Issue: []Issue{{
		Severity: "error", Code: code, Details: &CodeableConcept{Text: message},
		Diagnostics: fmt.Sprintf("parameter %s: %s", param, message), Expression: []string{param},
	}}}
}

// NamespaceURL is the RFC 9562 namespace for URLs.
var NamespaceURL = UUID{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// UUID is an RFC 9562 UUID.
type UUID [16]byte

// UUIDv5 is the name-based UUID of name in namespace ns (RFC 9562 5.5):
// the same name always gives the same UUID, so exports are stable.
func UUIDv5(ns UUID, name string) UUID {
	h := sha1.New() //nolint:gosec // required by the UUID version
	h.Write(ns[:])
	h.Write([]byte(name))
	var u UUID
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

func (u UUID) String() string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// URN is the UUID as a urn:uuid: URI, as used in Bundle.entry.fullUrl.
func (u UUID) URN() string { return "urn:uuid:" + u.String() }
