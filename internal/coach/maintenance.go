package coach

import "fmt"

// MaintenanceMax is the top of the WHO 2020 range of weekly moderate
// minutes; more gives further benefit.
const MaintenanceMax = 300

// maintenanceAdvice says what to do after week 12 (clinical.md 5.6:
// after 8 to 12 weeks, shift to long-term maintenance at WHO activity
// levels). The choice (issue 15): a plan whose week 12 reaches the WHO
// levels keeps week 12 as the usual week; one that does not starts a new
// block from the level reached. A plan that runs into the birth says to
// stop after it instead (P7), so it gets no maintenance advice.
func (b *builder) maintenanceAdvice(last Week) string {
	if b.p.PregnancyWeeks > 0 && lastPregnancyWeek(b.p) >= 37 {
		return ""
	}
	balance := ""
	if b.p.Age >= 65 && b.p.MobilityAid != AidWheelchair {
		balance = ", balance practice on 3 days"
	}
	switch {
	case last.ModerateMinutes == 0:
		return fmt.Sprintf("After week 12, keep week 12 as your usual week: mobility work on your active days and strength on 2 or more days%s (WHO 2020). Please add the aerobic activity a physiotherapist suggests for you.", balance)
	case last.ModerateMinutes >= ModerateGoal:
		return fmt.Sprintf("After week 12, keep week 12 as your usual week: %d moderate minutes, strength on 2 or more days%s meet the guidelines (WHO 2020). Moving up to %d moderate minutes a week gives more benefit, and you can vary the activities and exercises as long as the mix stays the same.", last.ModerateMinutes, balance, MaintenanceMax)
	}
	return fmt.Sprintf("After week 12, start a new block from where you are: answer the questions again, with the activity level and the time you have now, and the new plan starts from there. Your week 12 has %d moderate minutes; guidelines suggest 150 or more, with strength on 2 or more days%s (WHO 2020), so add minutes when your days allow.", last.ModerateMinutes, balance)
}
