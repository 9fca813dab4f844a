package coach

import (
	"fmt"
	"strings"
)

func (b *builder) whyMobility(e *Exercise) string {
	ext, flex := directionSignals(b.p)
	switch {
	case b.c.Direction == Extension && e.ID == "sphinx" && !b.dirReady:
		return fmt.Sprintf("Gentle bending backward: you said %s, and exercise in the direction that eases pain tends to help most. It moves on to a deeper backward bend only after sessions your back takes well (and, if you have leg symptoms, that bring them closer to your back).", ext[0])
	case b.c.Direction == Extension && e.Tags.Direction == "extension":
		return fmt.Sprintf("Gentle bending backward: you said %s, and exercise in the direction that eases pain tends to help most.", ext[0])
	case b.c.Direction == Flexion && e.Tags.Direction == "flexion" && len(flex) > 0 && has(b.p.Conditions, "disc_herniation"):
		return fmt.Sprintf("Gentle bending forward: you said %s, so your plan favors this direction. With a disc problem, stop it if pain spreads further down your leg.", flex[0])
	case b.c.Direction == Flexion && e.Tags.Direction == "flexion" && len(flex) > 0:
		return fmt.Sprintf("Gentle bending forward: you said %s, so your plan favors this direction.", flex[0])
	case b.c.Direction == Flexion && e.Tags.Direction == "flexion":
		return "A gentle forward movement, which usually eases spinal stenosis and spondylolisthesis."
	}
	for _, c := range b.p.conditions() {
		if e.RatingFor(c) == Prefer {
			return fmt.Sprintf("Recommended with %s; it keeps your back moving in a comfortable range.", conditionName[c])
		}
	}
	return "Keeps your back moving gently every day; stay in a comfortable range (NICE NG59: exercise and staying active)."
}

// whyStrength starts with what the exercise strengthens (its library
// why; the review found trunk words on arm and leg work).
func (b *builder) whyStrength(e *Exercise) string {
	why := strings.TrimSuffix(e.Why, ".")
	for _, c := range b.p.conditions() {
		if e.RatingFor(c) == Prefer {
			return fmt.Sprintf("%s. It is a preferred choice with %s; adults should strengthen muscles at least twice a week (WHO 2020).", why, conditionName[c])
		}
	}
	return why + ". Adults should strengthen muscles at least twice a week (WHO 2020)."
}

func (b *builder) whyAerobic(e *Exercise, gentle bool) string {
	switch {
	case wheelchairAerobic(e) && e.ID == "wheelchair-pushing":
		return wheelchairAerobicWhy + " If you use a powered wheelchair, do seated arm aerobics instead."
	case wheelchairAerobic(e):
		return wheelchairAerobicWhy
	case gentle:
		return "Short, easy bouts for this first week: keeping active helps back pain more than rest (NICE NG59)."
	case e.ID == "cycling" && has(b.p.Conditions, "spinal_stenosis"):
		return "Cycling leans you slightly forward, which people with spinal stenosis usually manage better than walking upright."
	case e.ID == "brisk-walking" && has(b.p.Conditions, "spinal_stenosis") && b.walkBout > 0:
		return fmt.Sprintf("Walk in bouts of about %d minutes and sit down to rest between them, or sooner if your legs start to ache; leaning forward a little helps. It counts toward 150 moderate minutes a week (WHO 2020).", b.walkBout)
	case e.ID == "brisk-walking" && has(b.p.Conditions, "spinal_stenosis"):
		return "Walk in short bouts and sit or lean forward to rest when your legs start to ache; it counts toward 150 moderate minutes a week (WHO 2020)."
	case e.ID == "brisk-walking" && b.p.MobilityAid == AidWalking && !has(b.p.WorseWith, "walking") && !has(b.p.WorseWith, "standing"):
		return "You use a walking aid, so walk with it in bouts of about 5 minutes and sit down to rest between them, longer if you need to. Short bouts with rests add up: it counts toward 150 moderate minutes a week (WHO 2020)."
	case e.ID == "brisk-walking" && b.intervalWalking():
		return "You said walking or standing makes your pain worse, so walk in short bouts and sit or lean forward to rest between them, or sooner if your back or legs start to ache. It counts toward 150 moderate minutes a week (WHO 2020)."
	case b.p.PregnancyWeeks > 0:
		return "Moderate activity is safe and helpful in a healthy pregnancy; it counts toward 150 minutes a week (ACOG 2020, WHO 2020)."
	}
	return "Moderate activity that is kind to the back; it counts toward 150 minutes a week (WHO 2020)."
}

// SciaticaWeeks is how long leg pain below the knee (sciatica) may last
// before a clinician should check why it has not settled (clinical.md
// 2.2: non-settling sciatica; 4.3: no improvement after about 6 weeks).
const SciaticaWeeks = 6

const sciaticaAdvice = "Leg pain below the knee that has lasted 6 weeks or more is worth a check by a physiotherapist or doctor, " +
	"especially if it is not clearly getting better: they can see whether other treatment would help. You can keep to this plan meanwhile."

const sciaticaLaterAdvice = "Your leg pain below the knee has now lasted about 6 weeks without clearly moving closer to your back or going. " +
	"Please see a physiotherapist or doctor to check why it has not settled; you can keep to your plan meanwhile."

// advice is the plan's general advice, always including staying active,
// the pain rule and when to seek help.
func (b *builder) advice() []string {
	a := []string{
		"Stay active and keep up your normal daily activities as much as you can; bed rest does not help back pain (NICE NG59).",
		"The pain rule: some pain during or after exercise is fine if it stays at 5 out of 10 or below, settles by the next morning and is not creeping up from week to week. If it goes above 5, is worse the next morning or keeps rising week on week, do less next time. If your pain is already above 5 before you start, it should not rise by 2 points or more, and should be back to where it started by the next morning.",
		"Stop and get medical help at once if you notice numbness between your legs, new bladder or bowel problems, weakness in your legs that gets worse, new or worsening pain, numbness or tingling in both legs, or fever with back pain.",
		"Stop an exercise if pain spreads further down your leg, or if you feel new numbness or weakness, and answer the warning-sign questions again.",
	}
	a = append(a, b.ageAdvice()...)
	if b.p.LegPain == "below_knee" && b.p.DurationWeeks >= SciaticaWeeks {
		a = append(a, sciaticaAdvice)
	}
	if b.p.LegPain == "both_legs" {
		a = append(a, bothLegsAdvice)
	}
	if b.p.PregnancyWeeks > 0 {
		floor := "Pelvic-floor exercises every day are worth adding in pregnancy; your midwife can show you how."
		if b.dailyPelvicFloor() != nil {
			floor = "Pelvic-floor squeezes are in your plan every active day, on top of the strength exercises; on rest days you can do them too. Your midwife can check you are doing them right."
		}
		a = append(a, "Tell your midwife or doctor about this plan. Stop and contact them now if you have bleeding, fluid leaking, regular painful contractions, dizziness or faintness that does not pass with rest, chest pain, severe breathlessness, a headache, calf pain or swelling, or your baby moving less than usual.",
			floor)
		if lastPregnancyWeek(b.p) >= 37 {
			a = append(a, "Your plan runs up to or past your due date. After the birth, stop the plan and ask your midwife or doctor when and how to start again; then answer the questions again for a new plan.")
		}
	}
	if b.p.PainNow >= 9 {
		a = append(a, "Your pain is very strong right now. Please also talk to a doctor or pharmacist about pain relief, and see a doctor if it does not ease within a few days.")
	}
	if b.p.ClearedByClinician {
		a = append(a, "You told us a clinician has checked you and cleared you to exercise. Follow their advice where it differs from this plan.")
	}
	if b.gentleStart {
		a = append(a, "Your pain is high right now, so week 1 is only gentle movement and short walks. That is a start, not a limit: the plan builds up from week 2.")
	}
	a = append(a, b.bodyAdvice()...)
	if last := b.weeks[len(b.weeks)-1]; last.ModerateMinutes == 0 && b.p.MobilityAid == AidWheelchair {
		a = append(a, wheelchairAerobicAdvice)
	} else if last.ModerateMinutes == 0 && len(b.rxLimits) > 0 {
		a = append(a, "Your plan has no aerobic activity at the moment: "+joinAnd(b.rxLimits)+", which leaves no room for it. Guidelines suggest 150 moderate minutes a week (WHO 2020): please ask your physio which aerobic activity, and how much, suits you now.")
	} else if last.ModerateMinutes == 0 {
		a = append(a, "Your plan has no aerobic activity left that suits your back. Guidelines suggest 150 moderate minutes a week: please ask a physiotherapist which kind of activity, such as a pool or an exercise bike, could suit you.")
	} else {
		a = append(a, b.moderateAdvice(last))
	}
	if m := b.maintenanceAdvice(b.weeks[len(b.weeks)-1]); m != "" {
		a = append(a, m)
	}
	if len(b.allowed[Balance]) == 0 && len(b.rxBalance) > 0 {
		a = append(a, "Your plan has no balance exercise at the moment: "+joinAnd(b.rxBalance)+", and with it the harder balance steps. Balance practice helps prevent falls (WHO 2020): please ask them which balance exercise suits you now.")
	} else if b.p.Age >= 65 && len(b.active) < 3 {
		a = append(a, "Balance practice works best on 3 days a week; on other days you can stand on one leg while holding a counter, for example while the kettle boils.")
	}
	if len(b.strengthDay) < 2 {
		a = append(a, "Strength exercises are best done on 2 days a week; with one active day, your plan has them once.")
	}
	return append(a, b.notes...)
}

// ageAdvice suggests a clinician's check for age alone (clinical.md 0,
// rule 1; 2.2; 4.4 and 4.6 for young people).
func (b *builder) ageAdvice() []string {
	switch {
	case b.p.Age < 20 && !b.p.ClearedByClinician && (has(b.p.WorseWith, "standing") || has(b.p.WorseWith, "walking")):
		return []string{"Because you are under 20 and your back is worse standing or walking, please get a check by a GP or physiotherapist in the next 1 to 2 weeks: " +
			"at your age this can come from a small stress fracture in the spine, from sports that arch the back. Meanwhile keep walking and your normal activities, " +
			"and avoid sports and moves that arch your back (such as gymnastics, dance back-bends, fast bowling or butterfly). If the pain gets worse bending backward, or the shape of your back changes, see them sooner."}
	case b.p.Age < 20:
		return []string{"Because you are under 20, please also see a doctor or physical therapist to check your back, even while you start gently. " +
			"Back pain at your age is usually nothing serious, but a few causes need a check, such as a stress fracture from sports that arch the back. " +
			"If the pain came with a change in the shape of your back, or you notice one, see them before you go on."}
	case newEpisodeOver50(b.p):
		return []string{"Because you are 50 or over and this episode is new, please also see a doctor or physical therapist to check it, even while you start gently."}
	}
	return nil
}

// bothLegsAdvice is the caution for long-standing symptoms in both legs
// that a clinician has assessed (Screen refers all others; clinical.md 2.1).
const bothLegsAdvice = "You told us you have had pain, numbness or tingling in both legs for a while and that a clinician has checked it. " +
	"Get emergency help at once if it changes: if it spreads, gets worse or stronger, or comes with numbness between your legs, " +
	"new bladder or bowel problems, or weakness in your legs. We ask about it each time you answer the warning-sign questions."

// excluded explains every library exercise that is not in the plan.
func (b *builder) excluded() []Excluded {
	used := map[string]bool{}
	for _, w := range b.weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				used[it.Exercise] = true
			}
		}
	}
	out := []Excluded{}
	for _, e := range b.lib.All() {
		if used[e.ID] {
			continue
		}
		reason, kind, rx := "", KindNotNeeded, int64(0)
		switch x, ok := b.out[e.ID]; {
		case ok:
			reason, kind, rx = x.reason+b.inPlace(e), KindRule, x.rx
		case e.Block == Balance && b.p.Age < 65:
			reason = fmt.Sprintf("%s is not in your plan: balance practice is added for people aged 65 and over. You are welcome to try it.", e.Name)
		case e.Easier != "" && used[e.Easier]:
			reason = fmt.Sprintf("%s is not in your plan yet: it is the harder step after %s.", e.Name, b.name(e.Easier))
		case e.Harder != "" && used[e.Harder]:
			reason = fmt.Sprintf("%s is not needed: your plan already uses its harder step, %s.", e.Name, b.name(e.Harder))
		default:
			reason = fmt.Sprintf("%s is not in your plan: it is safe for you, but your plan already has enough %s exercises.", e.Name, e.Block)
		}
		out = append(out, Excluded{Exercise: e.ID, Reason: strings.TrimSpace(reason), Kind: kind, Prescription: rx})
	}
	return out
}

func (b *builder) name(id string) string {
	if e, ok := b.lib.Get(id); ok {
		return e.Name
	}
	return id
}

func referralAdvice(r *Referral) []string {
	a := []string{r.Message}
	var reasons []string
	for _, x := range r.Reasons {
		reasons = append(reasons, ReasonText[x])
	}
	a = append(a, "You told us about: "+strings.Join(reasons, "; ")+".")
	if r.Level == Urgent {
		a = append(a, "Until you have been checked, keep gently active in ways that feel comfortable; avoid heavy lifting.")
	}
	return a
}
