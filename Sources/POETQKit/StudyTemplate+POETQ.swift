import Foundation

// The POETQ joint-commissioning study (Dickinson, Glasby, Nicholds, Jeffares, Robinson & Sullivan,
// NIHR SDO 08/1806/260): the 40 statements of the report's Appendix 1, its 4P coding framework
// (Figure 2), the pre-sort questions of section 3.4.4 and the five case-study sites A–E.
//
// How the 4P codes were assigned. The report does not code the statements individually: it says
// "there is no hard and fast rule for categorising certain statements as belonging to a cell"
// (section 3.4.3). It gives the framework as four descriptions (section 3.4.2) and a grid of nine
// themes per dimension (Figure 2). Each statement gets exactly one dimension, chosen by the
// description that names its idea, e.g.
//   People: "'improving real lives' ... prevention on the basis of early intervention ... choice
//     and equality of access and fairness in allocation ... easier to navigate, understand and
//     access, and based on holding service providers to account ... an influence on the way that
//     services are planned and delivered" (statements 16, 32–35, 37, 39, 40);
//   Partnership: "working together differently, aligning systems and sharing information ...
//     working conditions and morale ... professional empathy, sharing ideas, building informal
//     relationships, creating a common language and building trust ... synergistically, in the
//     face of increasingly complex environments" (19, 20, 23–30);
//   Professional: "professional culture and professional identity ... different models of care ...
//     formalising a pre-existing culture of close collaboration ... 'symbolic function' in terms of
//     demonstrating to others that 'we are working in partnership' ... enhancing organisational
//     influence through stronger alliances, standardising processes such as risk management, or
//     ... promoting insularity amongst professional groups ... increased opportunities for private
//     and voluntary organisations" (10, 12, 14, 15, 17, 18, 22, 38);
//   Productivity: "delivering more for less, reducing duplication, cost-shunting, speeding up
//     referrals, investing now to save in the future or simply saving money in general ...
//     reducing demand on services ... management structures" (1–9).
// Figure 3 gives statements 31, 21, 12 and 1 as the examples of People, Partnership, Professional
// and Productivity outcomes. Two statements are matched by position and theme rather than by a
// description: 11 (government requirements to collaborate) is Professional, read with the
// "symbolic function" passage and the block of Professional statements 10–18 it sits in; 13 (red
// tape) is Productivity because Figure 2 lists "Less red tape" among the Productivity themes.
// 31 and 36 (seamless service; minimal impact on users) are People as statements about the
// outcomes for service users. The result is balanced: People 10, Partnership 11, Professional 9,
// Productivity 10.
// A theme code ("Dimension: Theme", with the theme spelt as in Figure 2) is added only where a
// Figure 2 theme of the same dimension names the statement's idea; otherwise the dimension alone.

extension StudyTemplate {
  /// The 4P sampling framework of the POETQ report (Figure 2): each dimension with its nine themes,
  /// spelt as the report gives them. Statement codes use a dimension name or "Dimension: Theme".
  public static let fourPFramework: [(dimension: String, themes: [String])] = [
    (
      "People",
      [
        "Fair", "Personal Relationship", "Co-production", "Simple and clear", "Quicker less wait", "Personalised",
        "Choice", "Preventative", "Legitimacy",
      ]
    ),
    (
      "Partnership",
      [
        "End to blame", "Common language", "Quantum leap", "Adaptable", "Professional empathy", "Trust",
        "Improved systems", "Face time", "Integrated IT",
      ]
    ),
    (
      "Professional",
      [
        "Celebrate previous efforts", "Adjusting balance", "Lots to do", "Formalise collaboration", "Language barrier",
        "Partial integration", "Professional integrity", "Different cultures/ Models", "Jack of all trades",
      ]
    ),
    (
      "Productivity",
      [
        "Cost saving", "Less management", "Lean", "Reduced duplication", "Not without sacrifices", "Less red tape",
        "Firing line", "Initial expense", "Channel shift",
      ]
    ),
  ]

  /// The POETQ joint-commissioning study: the 40 statements of Appendix 1 with their 4P codes, a
  /// −4…+4 grid holding 2,3,4,6,10,6,4,3,2, the pre-sort questions (role, organisation, profession,
  /// time in post, understanding, partnership-process ratings), comments on the ±4 columns and
  /// the five case-study sites A–E.
  public static let poetqJointCommissioning = StudyTemplate(
    title: "POETQ: joint commissioning in health and social care",
    description: """
      What do people involved in joint commissioning between health, social care and their partners think it \
      should achieve? Participants sort 40 statements about the outcomes of joint commissioning (people, \
      partnership, professional and productivity outcomes) from most disagree to most agree, after a few \
      questions about their role and how well the partners work together.
      """,
    instruction: """
      What do you think joint commissioning should achieve? Sort the statements according to how much you \
      agree or disagree with them, from most disagree (-4) to most agree (+4).
      """,
    disagreeLabel: "Most disagree",
    agreeLabel: "Most agree",
    statements: poetqStatements,
    columns: [
      TemplateColumn(score: -4, capacity: 2, label: "Most disagree"),
      TemplateColumn(score: -3, capacity: 3, label: "Strongly disagree"),
      TemplateColumn(score: -2, capacity: 4, label: "Disagree"),
      TemplateColumn(score: -1, capacity: 6, label: "Slightly disagree"),
      TemplateColumn(score: 0, capacity: 10, label: "Neutral"),
      TemplateColumn(score: 1, capacity: 6, label: "Slightly agree"),
      TemplateColumn(score: 2, capacity: 4, label: "Agree"),
      TemplateColumn(score: 3, capacity: 3, label: "Strongly agree"),
      TemplateColumn(score: 4, capacity: 2, label: "Most agree"),
    ],
    questions: poetqQuestions,
    sites: ["Site A", "Site B", "Site C", "Site D", "Site E"],
    commentScores: [-4, 4]
  )

  // The statements of Appendix 1, verbatim. Kept as in the report although they read oddly:
  // 3 ("seems to be speed up referral"; only the missing full stop is added), 12 ("verses", also
  // so spelt in Figure 3), 26 ("in different way"), 33 ("fairness inclusion and respect") and
  // 36 ("Joint commissioning, has had").
  private static let poetqStatements: [TemplateStatement] = [
    TemplateStatement(
      number: 1, text: "Joint commissioning is about delivering more for less.",
      codes: ["Productivity", "Productivity: Lean"]),
    TemplateStatement(
      number: 2, text: "Joint commissioning is about reducing duplication.",
      codes: ["Productivity", "Productivity: Reduced duplication"]),
    TemplateStatement(
      number: 3, text: "Joint commissioning seems to be speed up referral.",
      codes: ["Productivity"]),
    TemplateStatement(
      number: 4, text: "Joint commissioning is about investing now to save in the future.",
      codes: ["Productivity", "Productivity: Initial expense"]),
    TemplateStatement(
      number: 5, text: "Joint commissioning is all about delivering the same for less.",
      codes: ["Productivity", "Productivity: Cost saving"]),
    TemplateStatement(
      number: 6, text: "Joint commissioning requires larger management structures.",
      codes: ["Productivity", "Productivity: Less management"]),
    TemplateStatement(
      number: 7, text: "Commissioning jointly means fewer inappropriate referrals.",
      codes: ["Productivity"]),
    TemplateStatement(
      number: 8, text: "Commissioning jointly should be about reducing pressure on acute services.",
      codes: ["Productivity"]),
    TemplateStatement(
      number: 9, text: "Joint commissioning is reducing opportunity for cost-shunting and passing the buck.",
      codes: ["Productivity"]),
    TemplateStatement(
      number: 10,
      text: "Joint commissioning helps us enhance our own organisational influence by allying ourselves with others.",
      codes: ["Professional"]),
    TemplateStatement(
      number: 11, text: "Joint commissioning is mostly about fulfilling government requirements to collaborate.",
      codes: ["Professional"]),
    TemplateStatement(
      number: 12,
      text:
        "Joint commissioning can feel like a battle of the models: A health approach verses a social care approach.",
      codes: ["Professional", "Professional: Different cultures/ Models"]),
    TemplateStatement(
      number: 13,
      text:
        "Joint commissioning does little to address the amount of red tape and bureaucracy colleagues have to manage.",
      codes: ["Productivity", "Productivity: Less red tape"]),
    TemplateStatement(
      number: 14,
      text:
        "Rather than something completely new, this joint commissioning just formalises an existing culture of "
        + "collaboration and partnership.",
      codes: ["Professional", "Professional: Formalise collaboration"]),
    TemplateStatement(
      number: 15, text: "Joint commissioning preserves our marked differences in professional cultures.",
      codes: ["Professional", "Professional: Different cultures/ Models"]),
    TemplateStatement(
      number: 16, text: "Commissioning jointly makes it clearer who can be held to account for actions.",
      codes: ["People"]),
    TemplateStatement(
      number: 17, text: "Commissioning jointly signals to others that we are in partnership.",
      codes: ["Professional"]),
    TemplateStatement(
      number: 18, text: "Joint commissioning enables better risk management.",
      codes: ["Professional"]),
    TemplateStatement(
      number: 19,
      text:
        "By commissioning with other colleagues you can share ideas, increase knowledge and be more creative in what "
        + "you do.",
      codes: ["Partnership"]),
    TemplateStatement(
      number: 20,
      text:
        "Where we are co-located, it benefits professional discussion through the development of informal "
        + "relationships.",
      codes: ["Partnership", "Partnership: Face time"]),
    TemplateStatement(
      number: 21,
      text: "Properly done, joint commissioning can deliver a quantum leap in how organisations work together.",
      codes: ["Partnership", "Partnership: Quantum leap"]),
    TemplateStatement(
      number: 22, text: "Commissioning jointly can lead to individual teams becoming more insular.",
      codes: ["Professional"]),
    TemplateStatement(
      number: 23, text: "Joint commissioning enables greater information sharing.",
      codes: ["Partnership"]),
    TemplateStatement(
      number: 24, text: "Joint commissioning helps build the necessary trust between us.",
      codes: ["Partnership", "Partnership: Trust"]),
    TemplateStatement(
      number: 25, text: "Joint commissioning facilitates the development of a new common language.",
      codes: ["Partnership", "Partnership: Common language"]),
    TemplateStatement(
      number: 26,
      text:
        "Joint commissioning means delivering pretty much the same level and standard of service but organised in "
        + "different way.",
      codes: ["Partnership"]),
    TemplateStatement(
      number: 27, text: "Joint commissioning means that we better understand one another's roles and duties.",
      codes: ["Partnership", "Partnership: Professional empathy"]),
    TemplateStatement(
      number: 28, text: "Only by commissioning jointly can we address the most complex social situations.",
      codes: ["Partnership"]),
    TemplateStatement(
      number: 29, text: "Joint commissioning results in synergies, where we are greater than the sum of our parts.",
      codes: ["Partnership"]),
    TemplateStatement(
      number: 30,
      text: "Commissioning jointly leads to better working conditions for colleagues and helps boost morale.",
      codes: ["Partnership"]),
    TemplateStatement(
      number: 31, text: "Commissioning jointly is about delivering a seamless service for service users.",
      codes: ["People"]),
    TemplateStatement(
      number: 32,
      text: "At the end of the day, joint commissioning is all about realising improvements to real people's lives.",
      codes: ["People"]),
    TemplateStatement(
      number: 33,
      text:
        "Joint commissioning is about delivering a system that promotes fairness inclusion and respect towards all "
        + "sections of society.",
      codes: ["People", "People: Fair"]),
    TemplateStatement(
      number: 34, text: "Joint commissioning is about users knowing what to do and where to seek help.",
      codes: ["People", "People: Simple and clear"]),
    TemplateStatement(
      number: 35, text: "Joint commissioning is about improving choice for users.",
      codes: ["People", "People: Choice"]),
    TemplateStatement(
      number: 36, text: "Joint commissioning, has had a minimal impact on users.",
      codes: ["People"]),
    TemplateStatement(
      number: 37, text: "Joint commissioning changes the way service users can influence the services they receive.",
      codes: ["People", "People: Co-production"]),
    TemplateStatement(
      number: 38, text: "Joint commissioning is opening up opportunities for the private and third sectors.",
      codes: ["Professional"]),
    TemplateStatement(
      number: 39, text: "Joint commissioning reduces inequalities of access to services.",
      codes: ["People", "People: Fair"]),
    TemplateStatement(
      number: 40, text: "Joint commissioning is about improved primary prevention and early intervention.",
      codes: ["People", "People: Preventative"]),
  ]

  /// The labelled points of the partnership-process ratings, lowest first.
  private static let howWellPoints = ["Very poorly", "Poorly", "Neither well nor poorly", "Well", "Very well"]

  // The report (3.4.4) asks "a series of short questions relating to their role, professional
  // affiliation and understanding of joint commissioning arrangements" and keeps "job description,
  // time served and perceived understanding" as metadata (3.5); POET asks "how effectively the
  // partners work together" (3.2). The report does not print the wording, so the prompts and options
  // below are ours; the organisation and profession options follow Table 10 and section 3.4.2.
  private static let poetqQuestions: [TemplateQuestion] = [
    TemplateQuestion(
      phase: .before, key: "role", kind: .shortText,
      prompt: "What is your current role or job title?",
      required: true),
    TemplateQuestion(
      phase: .before, key: "organisation", kind: .singleChoice,
      prompt: "Which organisation do you work for?",
      options: [
        "Primary care trust (PCT)", "Local authority or borough council", "Care trust", "Mental health trust",
        "Other NHS organisation", "Housing organisation", "Third sector (voluntary or community) organisation",
        "Residents' association or service user group", "Other",
      ],
      required: true),
    TemplateQuestion(
      phase: .before, key: "profession", kind: .singleChoice,
      prompt: "What is your professional background?",
      options: [
        "Commissioning", "General management", "Administration", "Finance or performance", "Social work", "Nursing",
        "Medicine (including general practice)", "Occupational therapy", "Physiotherapy", "Pharmacy", "Public health",
        "Housing", "Other",
      ],
      required: true),
    TemplateQuestion(
      phase: .before, key: "time_in_post", kind: .singleChoice,
      prompt: "How long have you been in your current post?",
      options: ["Less than 1 year", "1 to 2 years", "3 to 5 years", "6 to 10 years", "More than 10 years"],
      required: true),
    TemplateQuestion(
      phase: .before, key: "understanding", kind: .ratingScale,
      prompt: "How would you rate your understanding of the joint commissioning arrangements you are involved in?",
      options: ["Very limited", "Limited", "Moderate", "Good", "Very good"],
      required: true),
    TemplateQuestion(
      phase: .before, key: "partners_overall", kind: .ratingScale,
      prompt: "Overall, how well do the partners in these joint commissioning arrangements work together?",
      options: howWellPoints, required: true),
    TemplateQuestion(
      phase: .before, key: "partners_shared_aims", kind: .ratingScale,
      prompt: "How well do the partners share an understanding of what joint commissioning is trying to achieve?",
      options: howWellPoints, required: false),
    TemplateQuestion(
      phase: .before, key: "partners_information", kind: .ratingScale,
      prompt: "How well do the partners share information with one another?",
      options: howWellPoints, required: false),
    TemplateQuestion(
      phase: .before, key: "partners_decisions", kind: .ratingScale,
      prompt: "How well do the partners make decisions together?",
      options: howWellPoints, required: false),
    TemplateQuestion(
      phase: .before, key: "partners_users", kind: .ratingScale,
      prompt: "How well do the partners involve service users and carers?",
      options: howWellPoints, required: false),
    TemplateQuestion(
      phase: .after, key: "further_comments", kind: .longText,
      prompt:
        "Is there anything else you would like to tell us about joint commissioning, or anything you felt was "
        + "missing from the statements?",
      required: false),
  ]
}
