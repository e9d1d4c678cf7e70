#!/usr/bin/env bash
# Rebuild examples/de-regenboog through the zorgroute CLI, act by act.
#
# Every act is recorded with --date, on that day (ZORGROUTE_TODAY is the act's date, so a
# record's recorded_at matches it); acts without a date, and the checks at the end, run on
# "today", 2026-11-23. new-case takes the day the dossier was opened. Case ids and record
# file names are random, so a rebuild gives new ids: examples/README.md lists the pupils by
# name.
#
# Usage: examples/build_example.sh [TARGET_DIR]   (default: examples/de-regenboog)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="${1:-$here/de-regenboog}"
today=2026-11-23
export ZORGROUTE_TODAY=$today ZORGROUTE_INTERACTIVE=0
export ZORGROUTE_USER="Marieke Verhoeven"

rm -rf "$repo"

# ZORGROUTE="python -m zorgroute" (for example) runs another copy of the tool.
read -r -a zr <<<"${ZORGROUTE:-zorgroute}"
# z ARGS...: one act, recorded on the day it names with --date (as an IB records it that
# day), so recorded_at tells the same story as the date; without --date, on $today
z() {
    local day="$today" prev="" arg
    for arg in "$@"; do
        [[ "$prev" == --date ]] && day="$arg"
        prev="$arg"
    done
    ZORGROUTE_TODAY="$day" "${zr[@]}" --repo "$repo" "$@" >/dev/null
}

# new-case DATE ARGS...: open a dossier on DATE and print its id
new_case() {
    local day="$1"
    shift
    ZORGROUTE_TODAY="$day" "${zr[@]}" --repo "$repo" new-case "$@" | tail -n 1
}

"${zr[@]}" init "$repo" --school "Basisschool De Regenboog" --brin 99RB --sector po \
    --municipality Delft --swv "Samenwerkingsverband PO Delfland" \
    --ib-name "Marieke Verhoeven" --directeur "Hans Koster" >/dev/null
rm -rf "$repo/.git"   # the example lives inside the zorgroute repository

cat >"$repo/zorgroute.yaml" <<'EOF'
# yaml-language-server: $schema=schemas/config.schema.json
# Voorbeeldrepository: een verzonnen basisschool in Delft. Alle namen, adressen en
# nummers zijn verzonnen (het BRIN-nummer ook).
version: 1
school:
  name: Basisschool De Regenboog
  brin: 99RB
  sector: po
  municipality: Delft
  swv: Samenwerkingsverband PO Delfland
  contact:
    phone: 015 - 000 11 22
    email: info@deregenboog.example
    address: Regenbooglaan 12, 2600 AA Delft
route: po-1-zorgroute
people:
- role: ib
  name: Marieke Verhoeven
  phone: 015 - 000 11 23
  email: m.verhoeven@deregenboog.example
- role: directeur
  name: Hans Koster
  email: h.koster@deregenboog.example
- role: zat_coordinator
  name: Anouk Brouwer
  phone: 015 - 000 44 50
  email: zat@swv-delfland.example
- role: smw
  name: Yasmina Bouzid
  email: y.bouzid@smw-delft.example
- role: jgz
  name: Petra de Graaf
  email: p.degraaf@jgz-delft.example
- role: orthopedagoog
  name: Ruud Smeets
  email: r.smeets@swv-delfland.example
partners:
- id: swv-delfland
  name: Samenwerkingsverband PO Delfland
  kind: swv
  offers:
  - zorg- en adviesteam (ZAT)
  - arrangementen extra ondersteuning
  - toelaatbaarheidsverklaring (TLV) voor SBO en SO
  - consultatie door de orthopedagoog
  contact:
    phone: 015 - 000 44 50
    email: zat@swv-delfland.example
  contact_person: Anouk Brouwer
- id: lt-delft
  name: Jeugd- en gezinsteam Delft
  kind: local_team
  municipality: Delft
  offers:
  - opvoedondersteuning
  - toegang tot jeugdhulp (beschikking)
  contact:
    phone: 015 - 000 60 00
    email: jeugdteam@delft.example
- id: lt-rijswijk
  name: Wijkteam Jeugd en Gezin Rijswijk
  kind: local_team
  municipality: Rijswijk
  offers:
  - opvoedondersteuning
  - toegang tot jeugdhulp (beschikking)
  contact:
    phone: 070 - 000 70 00
    email: wijkteam@rijswijk.example
- id: lt-pijnacker-nootdorp
  name: Jeugdteam Pijnacker-Nootdorp
  kind: local_team
  municipality: Pijnacker-Nootdorp
  offers:
  - toegang tot jeugdhulp (beschikking)
  contact:
    phone: 015 - 000 80 00
- id: jgz-delft
  name: Jeugdgezondheidszorg regio Delft
  kind: jgz
  offers:
  - jeugdverpleegkundige in het zorgteam
  - spreekuur jeugdarts
  contact_person: Petra de Graaf
- id: smw-delft
  name: Schoolmaatschappelijk werk Delft
  kind: smw
  offers:
  - kortdurende hulp aan leerling en ouders
  - deelname aan het zorgteam
  contact_person: Yasmina Bouzid
- id: ggz-jeugd-delfland
  name: GGZ Jeugd Delfland
  kind: ggz
  offers:
  - diagnostiek
  - behandeling angst en stemming
- id: veilig-thuis
  name: Veilig Thuis Haaglanden
  kind: veilig_thuis
  offers:
  - advies en melding bij zorgen over huiselijk geweld en kindermishandeling
  contact:
    phone: 0800 - 2000
- id: leerplicht-delft
  name: Leerplicht gemeente Delft
  kind: leerplicht
  contact:
    email: leerplicht@delft.example
- id: sbo-de-horizon
  name: SBO De Horizon
  kind: special_school
  offers:
  - speciaal basisonderwijs
  contact:
    address: Horizonweg 3, 2600 BB Delft
settings:
  objection_period_days: 14
  retention_years: 2
  stalled_after_days: 56
  waiting_norm_days: 120
  feedback_days: 42
  small_count: 5
  git_commit: false
letterhead:
  lines:
  - Regenbooglaan 12, 2600 AA Delft
  - 015 - 000 11 22 · info@deregenboog.example
  signature_name: Marieke Verhoeven
  signature_role: intern begeleider
EOF

IB="Marieke Verhoeven;intern begeleider;chair"
IBP="Marieke Verhoeven;intern begeleider;presenter"
SMW="Yasmina Bouzid;schoolmaatschappelijk werker;member"
JGZ="Petra de Graaf;jeugdverpleegkundige;member"
ZATC="Anouk Brouwer;ZAT-coördinator;chair"
ORTHO="Ruud Smeets;orthopedagoog SWV;member"
LT="Karin Dekker;consulent jeugd- en gezinsteam Delft;member"

# --- 1. Sem Visser (7), groep 4: net gesignaleerd ----------------------------------------
sem=$(new_case 2026-11-16 --first-name Sem --last-name Visser --birth-date 2019-05-12 \
    --group 4 --sex boy --home-municipality Delft --enrolled 2023-05-15 \
    --address "Kastanjestraat 4, 2600 CC Delft" --custody joint \
    --adult "id=moeder;name=Linda Visser;relation=mother;authority=ja;phone=06 00000101" \
    --adult "id=vader;name=Erik Visser;relation=father;authority=ja;phone=06 00000102")
z signal "$sem" --date 2026-11-16 --observed-by "Juf Sanne (groep 4)" \
    --setting classroom --setting school --since weeks --category behaviour \
    --category social_emotional --description "Sem is sinds de herfstvakantie snel boos \
bij het buitenspelen en loopt twee keer per week boos de klas uit. In de kring zit hij \
stil en praat hij niet mee; bij rekenen werkt hij nog goed door."

# --- 2. Lotte Bakker (9), groep 6: groepsplan met evaluatie ------------------------------
lotte=$(new_case 2026-09-08 --first-name Lotte --last-name Bakker --birth-date 2017-03-08 \
    --group 6 --sex girl --home-municipality Delft --enrolled 2021-03-09 --custody joint \
    --adult "id=moeder;name=Sandra Bakker;relation=mother;authority=ja;phone=06 00000201" \
    --adult "id=vader;name=Mark Bakker;relation=father;authority=ja;phone=06 00000202")
z signal "$lotte" --date 2026-09-08 --observed-by "Meester Joost (groep 6)" \
    --setting classroom --since half_year --category learning --worrying-results \
    --description "Lotte scoort op de methodetoetsen rekenen onvoldoende op breuken en \
verhoudingen; de Cito-toets M5 liet een duidelijke daling zien. Bij lezen en taal doet zij \
het goed."
z plan "$lotte" --date 2026-09-15 --type group_plan --area rekenen \
    --needs "Lotte heeft baat bij concreet materiaal en korte instructie vooraf." \
    --goal "Lotte maakt 8 van de 10 sommen met breuken op haar niveau goed." \
    --goal "Lotte kan uitleggen hoe zij een breuk op de getallenlijn zet." \
    --approach "Verlengde instructie aan de instructietafel, drie keer per week 15 minuten, \
met breukenstroken en de getallenlijn." \
    --provision "breukenstroken" --provision "rekensoftware 15 minuten per dag" \
    --responsible "Meester Joost" --start 2026-09-15 --end 2026-10-27 \
    --evaluation-date 2026-10-27
z evaluate "$lotte" --date 2026-10-30 --outcome partly \
    --what-worked "De verlengde instructie met breukenstroken: Lotte maakt nu 6 van de 10 \
sommen goed en legt het zelf uit." \
    --what-did-not "Met de rekensoftware werkt zij snel en slordig." \
    --next-step "Nieuwe periode met dezelfde aanpak, zonder de software, met oefenen thuis."
z meeting "$lotte" --date 2026-10-30 --forum groepsbespreking \
    --attendee "$IB" --attendee "Joost Willems;leerkracht groep 6;presenter" \
    --question "Hoe gaat het met het rekenplan van groep 6?" \
    --decision continue_plan --decision-notes "Lotte blijft in de verlengde instructie." \
    --action "Meester Joost;schrijft het nieuwe groepsplan rekenen voor groep 6;2026-11-06" \
    --action "Marieke Verhoeven;bespreekt de voortgang met de ouders van Lotte;2026-11-13"
z plan "$lotte" --date 2026-11-02 --type group_plan --area rekenen \
    --goal "Lotte maakt 8 van de 10 sommen met breuken op haar niveau goed." \
    --approach "Verlengde instructie twee keer per week; thuis tien minuten oefenen met een \
oefenkaart die de ouders aftekenen." \
    --provision "breukenstroken" --provision "oefenkaart voor thuis" \
    --responsible "Meester Joost" --start 2026-11-02 --end 2026-12-18 \
    --evaluation-date 2026-12-18 --parents-agreed 2026-11-05
z talk "$lotte" --date 2026-11-05 --contact plan --with parents --with teacher \
    --adult moeder --adult vader \
    --discussed "Het nieuwe groepsplan rekenen en het oefenen thuis met de oefenkaart." \
    --parents-view "De ouders zien dat Lotte thuis onzeker is over rekenen en willen graag \
helpen." --parents-questions "Is een onderzoek naar dyscalculie nodig?"

# --- 3. Mohammed El Amrani (10), groep 7: in het zorgteam --------------------------------
mo=$(new_case 2026-09-14 --first-name Mohammed --last-name "El Amrani" \
    --birth-date 2016-06-21 --group 7 --sex boy --home-municipality Delft \
    --enrolled 2020-08-31 --custody joint \
    --adult "id=moeder;name=Samira El Amrani;relation=mother;authority=ja;phone=06 00000301;language=Nederlands en Arabisch" \
    --adult "id=vader;name=Youssef El Amrani;relation=father;authority=ja;phone=06 00000302")
z signal "$mo" --date 2026-09-14 --observed-by "Juf Eline (groep 7)" \
    --setting classroom --setting school --since months --category anxiety \
    --category social_emotional --description "Mohammed heeft vaak buikpijn op maandag en \
vraagt dan naar huis te mogen. Hij durft in de klas geen vragen te stellen en werkt niet \
met klasgenoten samen. Hij was de afgelopen maand vier keer ziek gemeld."
z plan "$mo" --date 2026-09-21 --type group_plan --area "sociaal-emotionele ontwikkeling" \
    --goal "Mohammed stelt elke dag minstens één vraag aan de juf." \
    --goal "Mohammed werkt twee keer per week in een vast tweetal." \
    --approach "Dagelijks kort startgesprek bij binnenkomst; vast maatje bij samenwerken; \
complimenten voor elke gestelde vraag." \
    --responsible "Juf Eline" --start 2026-09-21 --end 2026-10-16 \
    --evaluation-date 2026-10-16
z evaluate "$mo" --date 2026-10-16 --outcome not_met \
    --what-worked "Het startgesprek: op die dagen blijft hij langer op school." \
    --what-did-not "Vragen stellen lukt niet; de buikpijn op maandag blijft." \
    --next-step "Aanmelden bij het zorgteam."
z care-team "$mo" --date 2026-10-19 --trigger too_little_profit --trigger serious_concern \
    --help-question "Hoe kunnen wij Mohammed helpen om zich op school veilig te voelen, \
zodat hij weer elke dag naar school komt?"
z talk "$mo" --date 2026-10-21 --contact before_care_team --with parents --with ib \
    --adult moeder --adult vader \
    --discussed "De zorgen van school over buikpijn en verzuim; de aanmelding bij het \
zorgteam en wie daarin zitten." \
    --parents-view "Thuis is Mohammed ook gespannen sinds zijn opa overleed in de zomer." \
    --parents-questions "Kan iemand met Mohammed praten over het verlies?" \
    --home-situation "Het gezin woont in Delft; een jongere zus zit in groep 3." \
    --leaflet-given
z consent "$mo" --date 2026-10-21 --basis written_consent --forum zorgteam \
    --partner smw-delft --partner jgz-delft --given-by moeder --given-by vader \
    --note "Toestemmingsformulier ondertekend in het gesprek."
z meeting "$mo" --date 2026-11-04 --forum zorgteam \
    --attendee "$IB" --attendee "Eline Post;leerkracht groep 7;presenter" \
    --attendee "$SMW" --attendee "$JGZ" \
    --question "Hoe kunnen wij Mohammed helpen om zich op school veilig te voelen?" \
    --problem "Spanningsklachten en oplopend verzuim sinds het overlijden van opa." \
    --analysis "Waarschijnlijk een rouwreactie met angst om van huis weg te zijn; geen \
aanwijzingen voor onveiligheid thuis." \
    --plan "Kortdurende begeleiding door SMW; handelingsplan met een rustige plek in de klas." \
    --decision action_plan --decision light_help \
    --action "Yasmina Bouzid;nodigt de ouders uit voor een eerste gesprek bij SMW;2026-11-18" \
    --action "Juf Eline;schrijft het handelingsplan met een rustige plek in de klas;2026-11-20" \
    --action "Petra de Graaf;ziet Mohammed op het spreekuur over de buikpijn;2026-12-04" \
    --confidential "jeugdverpleegkundige;zorgteam;Het gezin is bij de JGZ bekend; eerder \
contact over slaapproblemen, afgesloten."
mo_meeting=$(ls "$repo/cases/$mo/records/" | grep -- '-meeting-' | sed 's/\.yaml$//')
z action done "$mo" "$mo_meeting#a2" --date 2026-11-19 \
    --note "Handelingsplan besproken met de ouders."

# --- 4. Emma de Vries (9), groep 6: klaar voor aanmelding bij het ZAT ---------------------
emma=$(new_case 2026-09-07 --first-name Emma --last-name "de Vries" --birth-date 2016-12-02 \
    --group 6 --sex girl --home-municipality Delft --enrolled 2020-12-03 --custody joint \
    --adult "id=moeder;name=Ingrid de Vries;relation=mother;authority=ja;phone=06 00000401" \
    --adult "id=vader;name=Pieter de Vries;relation=father;authority=ja;phone=06 00000402")
z signal "$emma" --date 2026-09-07 --observed-by "Juf Marloes (groep 6)" \
    --setting classroom --since longer --category learning --category speech_language \
    --worrying-results --description "Emma leest op AVI M4-niveau, twee jaar achter op de \
groep. Zij raadt woorden, haakt af bij lange teksten en zegt dat ze 'dom' is."
z plan "$emma" --date 2026-09-14 --type group_plan --area "technisch lezen" \
    --goal "Emma leest een AVI E4-tekst met hooguit 5 fouten per 100 woorden." \
    --approach "Dagelijks 15 minuten RALFI-lezen met de onderwijsassistent." \
    --provision "RALFI-teksten" --responsible "Juf Marloes" \
    --start 2026-09-14 --end 2026-10-09 --evaluation-date 2026-10-09
z evaluate "$emma" --date 2026-10-12 --outcome not_met \
    --what-worked "Emma leest met meer plezier; de leestijd per tekst werd korter." \
    --what-did-not "Het aantal fouten bleef gelijk (12 per 100 woorden)." \
    --next-step "Handelingsplan en aanmelding bij het zorgteam."
z care-team "$emma" --date 2026-10-13 --trigger too_little_profit --trigger needs_unclear \
    --help-question "Wat heeft Emma nodig om haar leesachterstand in te lopen, en is \
onderzoek naar dyslexie nodig?"
z talk "$emma" --date 2026-10-15 --contact before_care_team --with parents --with teacher \
    --adult moeder --adult vader \
    --discussed "De leesresultaten, het groepsplan en de aanmelding bij het zorgteam." \
    --parents-view "Vader had zelf moeite met lezen; de ouders denken aan dyslexie." \
    --parents-questions "Wie betaalt een dyslexieonderzoek?" --leaflet-given
z consent "$emma" --date 2026-10-15 --basis written_consent --forum zorgteam \
    --partner smw-delft --partner jgz-delft --given-by moeder --given-by vader
z plan "$emma" --date 2026-10-19 --type action_plan --area "technisch lezen" \
    --goal "Emma leest een AVI E4-tekst met hooguit 5 fouten per 100 woorden." \
    --approach "Vier keer per week 20 minuten individuele leesbegeleiding met klank-tekenkoppeling \
en herhaald lezen; voorlezen thuis vijf keer per week." \
    --responsible "Juf Marloes en de onderwijsassistent" \
    --start 2026-10-19 --end 2026-11-20 --evaluation-date 2026-10-26 \
    --parents-agreed 2026-10-19
z meeting "$emma" --date 2026-10-28 --forum zorgteam \
    --attendee "$IB" --attendee "Marloes Kramer;leerkracht groep 6;presenter" \
    --attendee "$SMW" --attendee "$JGZ" \
    --question "Wat heeft Emma nodig om haar leesachterstand in te lopen?" \
    --problem "Hardnekkige leesachterstand ondanks twee periodes intensieve begeleiding." \
    --analysis "Vermoeden van dyslexie; het zelfbeeld van Emma gaat achteruit." \
    --plan "Aanmelden bij het ZAT voor advies en mogelijk dyslexieonderzoek." \
    --decision pass_to_zat \
    --action "Marieke Verhoeven;vult het aanmeldformulier voor het ZAT in met de ouders;2026-11-27" \
    --action "Juf Marloes;verzamelt de leestoetsen van groep 3 tot en met 6 voor het dossier;2026-11-20"
z evaluate "$emma" --date 2026-10-30 --outcome partly \
    --plan "$(ls "$repo/cases/$emma/records/" | grep -- '-plan-' | sort | tail -n 1 | sed 's/\.yaml$//')" \
    --what-worked "Herhaald lezen werkt: de leessnelheid steeg van 38 naar 47 woorden per minuut." \
    --what-did-not "Het aantal fouten daalt nauwelijks (11 per 100 woorden)."
z talk "$emma" --date 2026-11-03 --contact after_care_team --with parents --with ib \
    --adult moeder \
    --discussed "Het advies van het zorgteam om Emma aan te melden bij het ZAT." \
    --parents-view "Moeder is opgelucht dat er verder wordt gekeken."
z talk "$emma" --date 2026-11-10 --contact before_zat --with parents --with teacher \
    --with ib --adult moeder --adult vader \
    --discussed "Wat het ZAT doet, wie erin zitten en welke gegevens de school meestuurt. \
De folder van het ZAT is meegegeven; de hulpvraag is samen opgesteld." \
    --parents-view "De ouders willen weten of Emma dyslexie heeft en hoe zij thuis kunnen \
helpen." --parents-questions "Mag het verslag van het ZAT ook naar de huisarts?" \
    --leaflet-given --question-together
z consent "$emma" --date 2026-11-10 --basis written_consent --forum zat \
    --partner swv-delfland --partner jgz-delft --partner smw-delft \
    --given-by moeder --given-by vader --shared-document "leestoetsen groep 3 tot en met 6" \
    --shared-document "handelingsplan technisch lezen"

# --- 5. Daan Mulder (13), groep 8, woont in Rijswijk: verwezen naar jeugdhulp ------------
daan=$(new_case 2026-06-01 --first-name Daan --last-name Mulder --birth-date 2013-07-04 \
    --group 8 --sex boy --home-municipality Rijswijk --enrolled 2017-08-28 \
    --address "Prinses Beatrixlaan 200, 2280 AB Rijswijk" --repeated-years 1 \
    --custody sole \
    --adult "id=moeder;name=Anja Mulder;relation=mother;authority=ja;phone=06 00000501" \
    --adult "id=vader;name=Ronald Mulder;relation=father;authority=nee;info_requested=ja")
z signal "$daan" --date 2026-06-01 --observed-by "Meester Rob (groep 7)" \
    --setting classroom --setting home --since months --category behaviour \
    --category family --description "Daan komt vaak zonder ontbijt en moe op school. Hij \
is snel in conflict met klasgenoten en vertelde dat het thuis 'steeds ruzie' is sinds zijn \
vader is vertrokken."
z plan "$daan" --date 2026-06-03 --type group_plan --area gedrag \
    --goal "Daan lost een conflict op met de stappen van het stoplicht, zonder te slaan." \
    --approach "Afspraken op een kaart, dagelijks kort nagesprek met de leerkracht." \
    --responsible "Meester Rob" --start 2026-06-03 --end 2026-07-03 \
    --evaluation-date 2026-07-03
z evaluate "$daan" --date 2026-07-06 --outcome not_met \
    --what-worked "De nagesprekken: Daan vertelt meer over thuis." \
    --what-did-not "Het aantal conflicten bleef gelijk."
z care-team "$daan" --date 2026-08-31 --trigger serious_concern \
    --help-question "Welke hulp hebben Daan en zijn moeder nodig, zodat Daan weer rustig \
kan leren?"
z talk "$daan" --date 2026-09-01 --contact before_care_team --with parents --with pupil \
    --adult moeder --discussed "De zorgen van school en de aanmelding bij het zorgteam." \
    --parents-view "Moeder voelt zich alleen staan sinds de scheiding." \
    --pupil-view "Daan wil dat het thuis rustiger wordt en wil er graag over praten." \
    --leaflet-given
z consent "$daan" --date 2026-09-01 --basis written_consent --forum zorgteam \
    --partner smw-delft --partner jgz-delft --given-by moeder --given-by pupil \
    --note "Daan is 13: moeder (enige gezaghebbende) en Daan hebben allebei getekend."
z meeting "$daan" --date 2026-09-09 --forum zorgteam \
    --attendee "$IB" --attendee "Rob Jacobs;leerkracht groep 8;presenter" \
    --attendee "$SMW" --attendee "$JGZ" \
    --problem "Gedragsproblemen en vermoeidheid in een gezin na een scheiding." \
    --decision pass_to_zat --decision-notes "De vraag gaat over gezinshulp: het ZAT, met \
het lokale team aan tafel." \
    --action "Marieke Verhoeven;meldt Daan aan bij het ZAT;2026-09-14"
z talk "$daan" --date 2026-09-10 --contact after_care_team --with parents --with pupil \
    --adult moeder --discussed "Het besluit van het zorgteam om Daan bij het ZAT aan te melden."
z talk "$daan" --date 2026-09-10 --contact before_zat --with parents --with pupil \
    --adult moeder --discussed "Wat het ZAT is; de folder is meegegeven; de hulpvraag is samen \
met moeder en Daan opgesteld." --leaflet-given --question-together \
    --parents-view "Moeder wil hulp voor het hele gezin en vindt het goed dat het wijkteam \
meedenkt."
z consent "$daan" --date 2026-09-10 --basis written_consent --forum zat \
    --partner swv-delfland --partner lt-rijswijk --given-by moeder --given-by pupil
z factors "$daan" --date 2026-09-10 \
    --child-helps "Daan is sportief en helpt graag jongere kinderen." \
    --child-hinders "Hij wordt snel boos als iets niet lukt." \
    --school-helps "Een vaste plek en duidelijke afspraken over pauzes." \
    --home-helps "Moeder zoekt zelf hulp en houdt de school op de hoogte." \
    --home-hinders "Na de scheiding is het thuis onrustig." \
    --pupil-view "Daan zegt dat hij op school rustig wil kunnen werken."
z escalate "$daan" --date 2026-09-14
daan_m1=$(ls "$repo/cases/$daan/records/" | grep -- '-meeting-' | sed 's/\.yaml$//')
z action done "$daan" "$daan_m1#a1" --date 2026-09-14
z meeting "$daan" --date 2026-09-17 --forum zat \
    --attendee "$ZATC" --attendee "$IBP" --attendee "$ORTHO" \
    --attendee "Mirjam Hoek;consulent wijkteam Rijswijk;member" --attendee "$JGZ" \
    --parents-present \
    --problem "Spanningen thuis na de scheiding; Daan reageert dat op school af." \
    --decision refer --decision advice \
    --decision-notes "Daan woont in Rijswijk: de jeugdhulp loopt via het wijkteam van \
Rijswijk, niet via Delft." \
    --action "Marieke Verhoeven;meldt Daan en zijn moeder aan bij het wijkteam Rijswijk;2026-09-24" \
    --action "Meester Rob;houdt een dagelijks kort gesprek met Daan bij binnenkomst;2026-10-30"
z talk "$daan" --date 2026-09-21 --contact zat_outcome --with parents --with pupil \
    --with teacher --adult moeder \
    --discussed "De uitkomst van het ZAT en de aanmelding bij het wijkteam Rijswijk."
z consent "$daan" --date 2026-09-21 --basis written_consent --forum zat \
    --partner lt-rijswijk --purpose referral --given-by moeder --given-by pupil \
    --note "Moeder en Daan tekenen voor de aanmelding bij het wijkteam Rijswijk."
z refer "$daan" --date 2026-09-24 --destination youth_care --institution lt-rijswijk \
    --reason "Opvoedondersteuning voor moeder en hulp voor Daan bij de scheiding." \
    --via "ZAT van het samenwerkingsverband" --contact "Mirjam Hoek" \
    --expected-feedback 2026-10-22
daan_m2=$(ls "$repo/cases/$daan/records/" | grep -- '-meeting-' | sort | tail -n 1 | sed 's/\.yaml$//')
z action done "$daan" "$daan_m2#a1" --date 2026-09-24
z feedback "$daan" --date 2026-10-02 --kind registration_confirmed --status accepted \
    --content "Het wijkteam heeft de aanmelding ontvangen; intake volgt binnen vier weken." \
    --next-expected 2026-11-06
z external-care "$daan" --date 2026-10-02 --institution "Wijkteam Jeugd en Gezin Rijswijk" \
    --care "opvoedondersteuning" --for family --registered 2026-09-24 \
    --goal "Rust in het gezin; moeder weet hoe zij Daan kan steunen."

# --- 6. Finn Hendriks (9), groep 5: afgesloten na verwijzing naar het SBO -----------------
finn=$(new_case 2026-01-19 --first-name Finn --last-name Hendriks --birth-date 2017-09-30 \
    --group 5 --sex boy --home-municipality Delft --enrolled 2021-10-01 --custody joint \
    --adult "id=moeder;name=Esther Hendriks;relation=mother;authority=ja;phone=06 00000601" \
    --adult "id=vader;name=Bas Hendriks;relation=father;authority=ja;phone=06 00000602")
z signal "$finn" --date 2026-01-19 --observed-by "Juf Anne (groep 4)" \
    --setting classroom --since longer --category learning --category development \
    --worrying-results --description "Finn ligt bij lezen, spellen en rekenen ruim een jaar \
achter. Hij kan zich kort concentreren en heeft veel herhaling nodig."
z plan "$finn" --date 2026-01-26 --type group_plan --area "lezen en rekenen" \
    --goal "Finn automatiseert de sommen tot 20." \
    --approach "Dagelijks extra instructie in een klein groepje." \
    --responsible "Juf Anne" --start 2026-01-26 --end 2026-03-06 --evaluation-date 2026-03-06
z evaluate "$finn" --date 2026-03-06 --outcome not_met \
    --what-worked "Werken in het kleine groepje houdt Finn betrokken." \
    --what-did-not "De sommen tot 20 zijn niet geautomatiseerd."
z care-team "$finn" --date 2026-03-09 --trigger too_little_profit --trigger needs_unclear \
    --help-question "Welk onderwijsaanbod past bij Finn, nu hij zo weinig profiteert van \
de extra instructie?"
z talk "$finn" --date 2026-03-11 --contact before_care_team --with parents \
    --adult moeder --adult vader --discussed "De achterstand en de aanmelding bij het zorgteam." \
    --leaflet-given
z consent "$finn" --date 2026-03-11 --basis written_consent --forum zorgteam \
    --given-by moeder --given-by vader
z meeting "$finn" --date 2026-03-18 --forum zorgteam \
    --attendee "$IB" --attendee "Anne Vos;leerkracht groep 4;presenter" --attendee "$SMW" \
    --attendee "$JGZ" --decision action_plan \
    --action "Juf Anne;schrijft een handelingsplan rekenen voor zes weken;2026-03-25"
z talk "$finn" --date 2026-03-24 --contact after_care_team --with parents --adult moeder \
    --discussed "Het handelingsplan en wat thuis kan helpen."
z plan "$finn" --date 2026-03-25 --type action_plan --area rekenen \
    --goal "Finn automatiseert de sommen tot 10." \
    --approach "Vier keer per week 15 minuten één-op-één met de onderwijsassistent." \
    --responsible "Juf Anne" --start 2026-03-25 --end 2026-05-06 --evaluation-date 2026-05-06 \
    --parents-agreed 2026-03-27
z evaluate "$finn" --date 2026-05-06 --outcome not_met \
    --what-worked "Eén-op-één werken: Finn blijft gericht." \
    --what-did-not "Ook de sommen tot 10 zijn niet geautomatiseerd; de afstand tot de groep \
wordt groter."
z meeting "$finn" --date 2026-05-13 --forum zorgteam \
    --attendee "$IB" --attendee "Anne Vos;leerkracht groep 4;presenter" --attendee "$SMW" \
    --decision pass_to_zat \
    --action "Marieke Verhoeven;meldt Finn aan bij het ZAT;2026-05-20"
z talk "$finn" --date 2026-05-15 --contact after_care_team --with parents \
    --adult moeder --adult vader --discussed "Het besluit om Finn aan te melden bij het ZAT."
z talk "$finn" --date 2026-05-15 --contact before_zat --with parents --adult moeder \
    --adult vader --discussed "Het ZAT en de mogelijkheid van speciaal basisonderwijs." \
    --parents-view "De ouders twijfelen over het SBO maar zien dat Finn vastloopt." \
    --leaflet-given --question-together
z consent "$finn" --date 2026-05-15 --basis written_consent --forum zat \
    --partner swv-delfland --given-by moeder --given-by vader
z escalate "$finn" --date 2026-05-18
z meeting "$finn" --date 2026-06-03 --forum zat --attendee "$ZATC" \
    --attendee "$IBP" --attendee "$ORTHO" --parents-present \
    --decision refer --decision-notes "Het ZAT adviseert een TLV voor het SBO." \
    --action "Marieke Verhoeven;stuurt het verwijzingsdossier naar het samenwerkingsverband;2026-06-10"
z talk "$finn" --date 2026-06-05 --contact zat_outcome --with parents --adult moeder \
    --adult vader --discussed "Het advies van het ZAT: aanvraag TLV voor SBO De Horizon."
z consent "$finn" --date 2026-06-05 --basis written_consent --forum zat \
    --partner sbo-de-horizon --purpose referral --given-by moeder --given-by vader \
    --note "De ouders tekenen voor de TLV-aanvraag en de aanmelding bij SBO De Horizon."
z factors "$finn" --date 2026-06-05 \
    --child-helps "Finn is vrolijk en wil graag leren." \
    --child-hinders "Hij kan zich maar kort concentreren en onthoudt nieuwe stof moeilijk." \
    --school-helps "Eén-op-één werken met de onderwijsassistent houdt hem bij de les." \
    --school-hinders "In een groep van 28 leerlingen lukt de herhaling die hij nodig heeft niet." \
    --home-helps "De ouders lezen elke avond met hem en houden contact met de school." \
    --pupil-view "Finn zegt dat hij het fijn vindt als de juf naast hem zit."
z opp "$finn" --date 2026-06-08 --perspective "praktijkonderwijs of vmbo basis, met een eigen \
leerlijn" --supporting "Finn is gemotiveerd en werkt goed één-op-één." \
    --supporting "De ouders steunen hem thuis en werken goed samen met de school." \
    --hindering "Finn ligt bij lezen, spellen en rekenen ruim een jaar achter." \
    --hindering "Hij kan zich in een grote groep kort concentreren." \
    --support "Een kleine groep met dagelijkse herhaling en een eigen leerlijn rekenen en \
lezen." --goal "Finn automatiseert de sommen tot 10." \
    --parents-view "De ouders willen dat Finn weer plezier krijgt in leren." \
    --parents-agreed 2026-06-08 --agreed-by moeder --agreed-by vader \
    --evaluation-date 2027-01-15
z advice "$finn" --date 2026-06-08 --expertise orthopedagoog --expert "Ruud Smeets" \
    --organisation "Samenwerkingsverband PO Delfland" --advice "Finn heeft een kleine groep en \
een eigen leerlijn nodig; speciaal basisonderwijs past bij zijn onderwijsbehoeften."
z advice "$finn" --date 2026-06-08 --expertise jeugdarts --expert "Karin Mol" \
    --organisation "Jeugdgezondheidszorg regio Delft" --advice "Er is geen medische verklaring \
voor de achterstand; een kleinere groep met meer rust is aan te raden."
z talk "$finn" --date 2026-06-09 --contact referral --with parents --adult moeder \
    --adult vader --discussed "De aanvraag van een toelaatbaarheidsverklaring voor SBO De Horizon." \
    --parents-view "De ouders kiezen voor SBO De Horizon: daar krijgt Finn de rust en de hulp \
die hij nodig heeft."
z sign "$finn" --date 2026-06-09 --document tlv_request --signed-by moeder --signed-by vader
z refer "$finn" --date 2026-06-10 --destination sbo --institution sbo-de-horizon \
    --via "Samenwerkingsverband PO Delfland (TLV)" \
    --reason "Finn heeft een kleinere groep en een eigen leerlijn nodig." \
    --handelingsverlegenheid "Twee periodes intensieve hulp in en buiten de groep hebben \
niet geholpen; de school kan de één-op-één begeleiding die Finn nodig heeft niet bieden." \
    --signed-by "Hans Koster" --signed-on 2026-06-09 --expected-feedback 2026-07-03
z feedback "$finn" --date 2026-06-30 --kind decision --status accepted \
    --content "TLV afgegeven; plaatsing op SBO De Horizon na de zomervakantie." \
    --next-expected 2026-09-04
z feedback "$finn" --date 2026-09-02 --kind care_started --status started \
    --content "Finn is op 24 augustus gestart op SBO De Horizon."
z close "$finn" --date 2026-09-07 --reason care_taken_over \
    --parents-told "Het dossier is gesloten omdat Finn nu op SBO De Horizon zit; in \
december belt de IB nog één keer na." --aftercare-date 2026-12-07

# --- 7. Julia Smit (8), groep 5: slapend dossier ---------------------------------------------
julia=$(new_case 2026-09-28 --first-name Julia --last-name Smit --birth-date 2018-02-14 \
    --group 5 --sex girl --home-municipality Delft --enrolled 2022-02-15 --custody joint \
    --adult "id=moeder;name=Kim Smit;relation=mother;authority=ja;phone=06 00000701" \
    --adult "id=vader;name=Dennis Smit;relation=father;authority=ja;phone=06 00000702")
z signal "$julia" --date 2026-09-28 --observed-by "Juf Ilse (groep 5)" \
    --setting classroom --since weeks --category physical --category absence \
    --worrying-absence --description "Julia meldt zich vaak ziek met hoofdpijn, zes dagen \
in september. Op school is zij stil en moe."
z talk "$julia" --date 2026-10-01 --contact signal --with parents --adult moeder \
    --discussed "Het verzuim en de hoofdpijn." \
    --parents-view "Julia krijgt een bril; de huisarts denkt dat de hoofdpijn daarvandaan komt."
z plan "$julia" --date 2026-10-05 --type group_plan --area "welbevinden" \
    --goal "Julia is in oktober hooguit één dag afwezig." \
    --approach "Plek vooraan in de klas; korte pauze bij hoofdpijn; dagelijks contact bij \
afwezigheid." --responsible "Juf Ilse" --start 2026-10-05 --end 2026-11-06 \
    --evaluation-date 2026-11-06
z evaluate "$julia" --date 2026-11-06 --outcome met \
    --what-worked "Met de nieuwe bril is de hoofdpijn bijna weg; Julia was één dag afwezig."
z dormant "$julia" --date 2026-11-09 --review-date 2027-02-01 \
    --reason "Het gaat beter sinds de nieuwe bril; na de voorjaarsvakantie kijken we of het \
verzuim laag blijft."

# --- 8. Noor van Dijk (12), groep 8: kennisgeving, bezwaartermijn loopt nog ----------------
noor=$(new_case 2026-09-02 --first-name Noor --last-name "van Dijk" --birth-date 2014-11-10 \
    --group 8 --sex girl --home-municipality Delft --enrolled 2018-08-27 --custody joint \
    --adult "id=moeder;name=Hanneke van Dijk;relation=mother;authority=ja;phone=06 00000801" \
    --adult "id=vader;name=Jeroen van Dijk;relation=father;authority=ja;phone=06 00000802")
z signal "$noor" --date 2026-09-02 --observed-by "Meester Rob (groep 8)" \
    --setting classroom --setting home --since half_year --category anxiety \
    --category social_emotional --description "Noor is erg perfectionistisch, huilt bij \
toetsen en slaapt volgens moeder slecht voor een toets. Haar resultaten zijn goed."
z plan "$noor" --date 2026-09-07 --type group_plan --area "werkhouding en faalangst" \
    --goal "Noor maakt een toets af zonder weg te lopen." \
    --approach "Toetsen in een rustige ruimte; vooraf samen de planning doornemen." \
    --responsible "Meester Rob" --start 2026-09-07 --end 2026-09-25 \
    --evaluation-date 2026-09-25
z evaluate "$noor" --date 2026-09-25 --outcome not_met \
    --what-worked "De rustige ruimte helpt bij korte toetsen." \
    --what-did-not "Bij de Entreetoets-oefening raakte Noor in paniek."
z care-team "$noor" --date 2026-09-28 --trigger serious_concern \
    --help-question "Hoe helpen wij Noor met haar faalangst, zodat zij met vertrouwen naar \
het voortgezet onderwijs gaat?"
z talk "$noor" --date 2026-09-29 --contact before_care_team --with parents --with pupil \
    --adult moeder --adult vader --discussed "De faalangst en de aanmelding bij het zorgteam." \
    --leaflet-given
z consent "$noor" --date 2026-09-29 --basis written_consent --forum zorgteam \
    --given-by moeder --given-by vader
z meeting "$noor" --date 2026-10-01 --forum zorgteam --attendee "$IB" \
    --attendee "Rob Jacobs;leerkracht groep 8;presenter" --attendee "$SMW" --attendee "$JGZ" \
    --decision pass_to_zat --decision-notes "Advies van de orthopedagoog van het SWV nodig." \
    --action "Marieke Verhoeven;meldt Noor aan bij het ZAT;2026-10-08"
z talk "$noor" --date 2026-10-05 --contact after_care_team --with parents --adult moeder \
    --discussed "Het besluit van het zorgteam."
z talk "$noor" --date 2026-10-05 --contact before_zat --with parents --with pupil \
    --adult moeder --adult vader --discussed "Het ZAT; de folder is meegegeven en de hulpvraag \
samen opgesteld." --leaflet-given --question-together \
    --parents-view "De ouders herkennen de faalangst en willen advies voor thuis."
z consent "$noor" --date 2026-10-05 --basis written_consent --forum zat \
    --partner swv-delfland --given-by moeder --given-by vader \
    --note "Noor was toen 11: de ouders met gezag tekenden."
z factors "$noor" --date 2026-10-05 \
    --child-helps "Noor is slim, werkt hard en wil het goed doen." \
    --child-hinders "Zij is bang om fouten te maken en slaapt slecht voor een toets." \
    --school-helps "Toetsen in een rustige ruimte en vooraf de planning doornemen." \
    --school-hinders "De drukte in de klas bij een toets." \
    --home-helps "De ouders praten veel met Noor en zoeken samen met de school naar hulp." \
    --home-hinders "Thuis wordt veel over de overstap naar de middelbare school gepraat." \
    --pupil-view "Noor zegt dat zij bang is om te zakken voor de eindtoets."
z escalate "$noor" --date 2026-10-08
noor_zt=$(ls "$repo/cases/$noor/records/" | grep -- '-meeting-' | sed 's/\.yaml$//')
z action done "$noor" "$noor_zt#a1" --date 2026-10-08
z meeting "$noor" --date 2026-10-22 --forum zat --attendee "$ZATC" \
    --attendee "$IBP" --attendee "$ORTHO" --attendee "$JGZ" \
    --decision diagnostics --decision-notes "Eerst observatie in de klas; in november \
bespreekt het ZAT Noor opnieuw." \
    --action "Ruud Smeets;observeert Noor in de klas tijdens een toets;2026-11-19" \
    --action "Marieke Verhoeven;plant de tweede ZAT-bespreking met de ouders;2026-11-06"
noor_zat=$(ls "$repo/cases/$noor/records/" | grep -- '-meeting-' | sort | tail -n 1 | sed 's/\.yaml$//')
z talk "$noor" --date 2026-10-26 --contact zat_outcome --with parents --with pupil \
    --adult moeder --discussed "Het ZAT wil Noor eerst in de klas laten observeren."
z action done "$noor" "$noor_zat#a2" --date 2026-11-02 \
    --note "Tweede bespreking in het ZAT op 26 november 2026."
z consent "$noor" --date 2026-11-16 --basis no_objection_notice --forum zat \
    --partner swv-delfland --objection-deadline 2026-11-30 \
    --note "Noor is op 10 november 12 geworden; de toestemming van de ouders alleen is niet \
meer genoeg. Ouders en Noor kregen een brief over de tweede bespreking; bezwaar kan tot en \
met 30 november."

# --- 9. Sara Koç (12), was groep 8: naar het voortgezet onderwijs ----------------------------
sara=$(new_case 2026-01-12 --first-name Sara --last-name Koç --birth-date 2013-10-03 \
    --group 8 --sex girl --home-municipality Delft --enrolled 2017-08-28 --custody sole \
    --adult "id=moeder;name=Elif Koç;relation=mother;authority=ja;phone=06 00000901")
z signal "$sara" --date 2026-01-12 --observed-by "Meester Rob (groep 8)" \
    --setting classroom --since months --category learning --description "Sara begrijpt \
lange teksten bij wereldoriëntatie niet goed; zij leest wel vlot."
z plan "$sara" --date 2026-01-19 --type group_plan --area "begrijpend lezen" \
    --goal "Sara vat een tekst van een bladzijde samen in drie zinnen." \
    --approach "Twee keer per week in een klein groepje teksten samen lezen en samenvatten." \
    --responsible "Meester Rob" --start 2026-01-19 --end 2026-03-06 \
    --evaluation-date 2026-03-06
z evaluate "$sara" --date 2026-03-06 --outcome met \
    --what-worked "Samen lezen in een klein groepje met een vaste aanpak."
z factors "$sara" --date 2026-03-09 --child-helps "Sara is nieuwsgierig en werkt zelfstandig." \
    --child-hinders "Zij vraagt niet snel om hulp." \
    --school-helps "Een vaste aanpak voor het lezen van lange teksten." \
    --home-helps "Moeder leest met haar en praat over wat zij gelezen heeft." \
    --pupil-view "Sara zegt dat een stappenplan haar helpt."
z transfer "$sara" --date 2026-07-03 --to-school "Christelijk Lyceum Delft" \
    --advice "havo" --grounds "Sara haalt goede resultaten en werkt zelfstandig. Met een \
vaste aanpak voor lange teksten lukt begrijpend lezen nu ook." \
    --support-needed "Een vaste aanpak voor het lezen van lange teksten, vooral bij \
aardrijkskunde en geschiedenis." \
    --parents-view "Moeder is blij met het advies en vindt dat het bij Sara past." \
    --pupil-view "Sara heeft zin in de nieuwe school."
z close "$sara" --date 2026-09-14 --reason left_school \
    --parents-told "Sara is gestart op het Christelijk Lyceum Delft; het onderwijskundig \
rapport is met moeder besproken en naar de nieuwe school gestuurd."

# --- 10. Milan Jansen (8), groep 5: de meldcode, gemeld bij Veilig Thuis --------------------
milan=$(new_case 2026-11-09 --first-name Milan --last-name Jansen --birth-date 2018-04-22 \
    --group 5 --sex boy --home-municipality Delft --enrolled 2022-04-25 --custody joint \
    --address "Lindelaan 17, 2600 DD Delft" \
    --adult "id=moeder;name=Sabine Jansen;relation=mother;authority=ja;phone=06 00001001" \
    --adult "id=vader;name=Marco Jansen;relation=father;authority=ja;phone=06 00001002")
z signal "$milan" --date 2026-11-09 --observed-by "Juf Ilse (groep 5)" \
    --setting classroom --setting school --since weeks --category physical --category family \
    --description "Milan had bij de gymles blauwe plekken op beide bovenarmen. Hij schrikt \
als een volwassene dichtbij komt en wil na school niet naar huis."
z meldcode "$milan" --date 2026-11-09 --step signals \
    --description "Juf Ilse zag op 9 november bij de gymles blauwe plekken op beide \
bovenarmen; Milan zei dat hij 'gevallen' was. Eerder al schrikreacties in de klas."
z meldcode "$milan" --date 2026-11-10 --step consult \
    --description "Besproken met de aandachtsfunctionaris; Veilig Thuis om advies gevraagd. \
Advies: de signalen zijn ernstig, weeg zorgvuldig of een gesprek met de ouders veilig is." \
    --consulted "aandachtsfunctionaris" --veilig-thuis-advice
z meldcode "$milan" --date 2026-11-11 --step talk --with pupil \
    --description "Kort gesprek met Milan; hij vertelde dat zijn vader hem vastpakt als hij \
boos is. Geen gesprek met de ouders." \
    --skip-reason "Milan vertelt dat het thuis erger wordt als de school met zijn vader \
praat; Veilig Thuis raadt een gesprek met de ouders nu af."
z meldcode "$milan" --date 2026-11-12 --step weigh \
    --description "Gewogen met het afwegingskader, samen met de aandachtsfunctionaris." \
    --suspicion --unsafe
z meldcode "$milan" --date 2026-11-13 --step decide --decision report_vt \
    --description "Melding gedaan bij Veilig Thuis Haaglanden; de school blijft Milan in de \
klas volgen en deelt nieuwe signalen met Veilig Thuis."

# --- 11. Lina Bos (9), groep 6: MDO met de consulent van het jeugd- en gezinsteam aan tafel ---
lina=$(new_case 2026-09-21 --first-name Lina --last-name Bos --birth-date 2017-01-15 \
    --group 6 --sex girl --home-municipality Delft --enrolled 2021-01-18 --custody joint \
    --route passend-onderwijs \
    --adult "id=moeder;name=Nadia Bos;relation=mother;authority=ja;phone=06 00001101" \
    --adult "id=vader;name=Karim Bos;relation=father;authority=ja;phone=06 00001102")
z signal "$lina" --date 2026-09-21 --observed-by "Meester Joost (groep 6)" \
    --setting classroom --setting home --since half_year --category behaviour \
    --category family --description "Lina heeft thuis en op school woedeaanvallen; zij gooit \
met spullen en weigert dan te werken. Moeder vertelt dat het thuis niet meer lukt."
z talk "$lina" --date 2026-09-30 --contact before_mdo --with parents --with teacher \
    --adult moeder --adult vader \
    --discussed "De zorgen thuis en op school; het MDO met het jeugd- en gezinsteam." \
    --parents-view "De ouders willen hulp bij de opvoeding; thuis loopt het vast."
z consent "$lina" --date 2026-09-30 --basis written_consent --forum mdo \
    --partner lt-delft --given-by moeder --given-by vader
z meeting "$lina" --date 2026-10-07 --forum mdo --parents-present \
    --attendee "$IB" --attendee "Joost Willems;leerkracht groep 6;presenter" \
    --attendee "$LT;lt-delft" \
    --question "Welke hulp hebben Lina en haar ouders nodig, zodat het thuis en op school \
weer rustig wordt?" \
    --decision youth_care --decision-notes "De consulent van het jeugd- en gezinsteam Delft \
besluit aan tafel tot ambulante opvoedhulp thuis." \
    --action "Meester Joost;houdt een week lang bij wanneer Lina boos wordt;2026-10-14" \
    --action "Karin Dekker;regelt de start van de opvoedhulp thuis;2026-10-21"

# --- 12. Tim Jacobs (11), groep 7, woont in Pijnacker-Nootdorp: besluit zonder mandaat --------
tim=$(new_case 2026-08-31 --first-name Tim --last-name Jacobs --birth-date 2015-10-03 \
    --group 7 --sex boy --home-municipality Pijnacker-Nootdorp --enrolled 2019-08-26 \
    --address "Oranjelaan 5, 2640 AA Pijnacker" --custody joint --route passend-onderwijs \
    --adult "id=moeder;name=Marleen Jacobs;relation=mother;authority=ja;phone=06 00001201" \
    --adult "id=vader;name=Tom Jacobs;relation=father;authority=ja;phone=06 00001202")
z signal "$tim" --date 2026-08-31 --observed-by "Juf Eline (groep 7)" \
    --setting classroom --since longer --category social_emotional --category behaviour \
    --description "Tim trekt zich terug, zegt dat hij 'nergens goed in' is en heeft in de \
klas nauwelijks contact met klasgenoten. Thuis sluit hij zich op in zijn kamer."
z talk "$tim" --date 2026-09-03 --contact before_mdo --with parents --with ib \
    --adult moeder --adult vader \
    --discussed "De zorgen over Tim en het MDO; het jeugdteam van Pijnacker-Nootdorp wordt \
uitgenodigd." --parents-view "De ouders maken zich zorgen en willen hulp van buiten."
z consent "$tim" --date 2026-09-03 --basis written_consent --forum mdo \
    --partner lt-pijnacker-nootdorp --given-by moeder --given-by vader
z meeting "$tim" --date 2026-09-09 --forum mdo --parents-present \
    --attendee "$IB" --attendee "Eline Post;leerkracht groep 7;presenter" --attendee "$SMW" \
    --question "Welke hulp heeft Tim nodig om weer plezier te krijgen, thuis en op school?" \
    --decision youth_care --decision-notes "Het MDO vindt jeugdhulp nodig (behandeling \
somberheid); het jeugdteam van Pijnacker-Nootdorp was niet aan tafel." \
    --action "Marieke Verhoeven;vraagt het jeugdteam Pijnacker-Nootdorp om een besluit;2026-09-16"
z doorbraak "$tim" --date 2026-11-16 --reason no_mandate \
    --table "perspectieftafel Pijnacker-Nootdorp" \
    --question "Wie neemt het besluit over de jeugdhulp voor Tim? Het MDO vond op \
9 september jeugdhulp nodig; het jeugdteam heeft nog niet besloten." \
    --follow-up 2026-12-10

# === Issue 18 (s3-intake): SDQ, verzuim en leerplicht, toetsresultaten, import ===========
# Added to existing cases only; the other cases stay as they are.

# The school reads its pupils from a ParnasSys export (zorgroute import leerlingen).
cat >>"$repo/zorgroute.yaml" <<'EOF'
# De export van ParnasSys (Leerlingen > Overzichten > export als CSV); de kolomkoppen zijn
# die van de export van deze school.
pupil_import:
  system: ParnasSys
  delimiter: ;
  encoding: utf-8
  date_format: '%d-%m-%Y'
  columns:
    number: Leerlingnummer
    first_name: Roepnaam
    prefix: Tussenvoegsel
    last_name: Achternaam
    birth_date: Geboortedatum
    group: Groep
    sex: Geslacht
    home_municipality: Woonplaats
    teacher: Leerkracht
  sex_values: {M: boy, V: girl}
EOF

# Mohammed: three SDQ administrations (a trend in show) and his absence, which reached the
# leerplicht threshold on 2 November and was reported on 5 November.
z sdq "$mo" --date 2026-09-18 --version leerkracht --informant "leerkracht groep 7" \
    --answers "0,1,2,1,2,0,1,2,0,2,1,2,2,1,2,2,0,2,1,1,1,2,2,1,0"
z sdq "$mo" --date 2026-10-21 --version ouder --informant moeder \
    --answers "1,1,2,1,2,1,1,2,1,2,1,1,2,1,1,2,0,2,1,1,1,1,2,1,1"
z sdq "$mo" --date 2026-11-16 --version leerkracht --informant "leerkracht groep 7" \
    --answers "1,0,1,0,1,1,2,1,1,1,2,0,1,0,1,1,1,1,0,0,2,1,1,2,1"
z absence "$mo" --date 2026-09-28 --from 2026-09-07 --to 2026-09-25 --authorised 12 \
    --note "Ziek gemeld (buikpijn), vier keer op maandag."
z absence "$mo" --date 2026-10-19 --from 2026-10-05 --to 2026-10-16 --authorised 6 \
    --unauthorised 7 --note "Twee ochtenden thuisgehouden zonder bericht."
z absence "$mo" --date 2026-11-02 --from 2026-10-19 --to 2026-10-30 --unauthorised 10 \
    --late 3 --note "Drie dagen niet op school zonder geldige reden."
z leerplicht "$mo" --date 2026-11-05 --officer leerplicht-delft --hours 17 \
    --from 2026-10-05 --to 2026-10-30 \
    --note "De ouders weten van de melding; het zorgteam besprak Mohammed op 4 november."
z absence "$mo" --date 2026-11-16 --from 2026-11-02 --to 2026-11-13 --authorised 2

# Emma: the reading tests behind her registration with the zorgteam.
z test-result "$emma" --date 2026-09-10 --instrument "AVI" --area "technisch lezen" \
    --score "M4" --level "twee jaar achter op de groep"
z test-result "$emma" --date 2026-09-10 --instrument "DMT" --area "technisch lezen" \
    --score "38 woorden per minuut" --level "V"
z test-result "$emma" --date 2026-10-05 --instrument "LVS begrijpend lezen" \
    --area "begrijpend lezen" --score "22" --level "IV"

# Daan: tests and absence before his registration with the ZAT (they are on its form).
z test-result "$daan" --date 2026-06-10 --instrument "LVS rekenen-wiskunde" \
    --area "rekenen" --score "41" --level "IV"
z absence "$daan" --date 2026-07-13 --from 2026-06-01 --to 2026-07-10 --authorised 4 \
    --unauthorised 5 --late 6 --note "Vaak te laat na de pauze."
z absence "$daan" --date 2026-09-11 --from 2026-08-31 --to 2026-09-11 --unauthorised 3
# === end of issue 18 (s3-intake) ============================================================

# The example holds the records; its documents are made on demand (zorgroute render, or
# zorgroute galerij for all of them), so the files made along the way are left out.
rm -rf "$repo"/cases/*/documents "$repo"/cases/*/records/*-document-*.yaml

echo "klaar: $repo"
echo "  sem=$sem lotte=$lotte mohammed=$mo emma=$emma"
echo "  daan=$daan finn=$finn julia=$julia noor=$noor sara=$sara"
echo "  milan=$milan lina=$lina tim=$tim"
"${zr[@]}" --repo "$repo" check
