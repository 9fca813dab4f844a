package coach

// RatingColumnsFor are the rating columns (conditions) that apply to the
// person: what a clinician's added exercise is checked against.
func RatingColumnsFor(p Profile, c Classification) []string { return ratingColumns(p, c) }
