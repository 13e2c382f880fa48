"""Build the measure register for the action plan against segregation.

The data below is REAL: it is transcribed by hand from the municipal report
"Uppföljning av åtgärdsplan mot segregation 2021" (Linköpings kommun,
diarienummer KS 2020-754, dated 2022-01-05). It holds the 60 measures
(åtgärder) of "Åtgärdsplan mot segregation 2020" with their follow-up for
2021. Swedish text is kept as in the source; only extraction artefacts
(HTML tags, table rule lines, hard line breaks inside a field, fields split
across table rows) have been cleaned up. Source typos are kept as they are.

Running ``python scripts/make_measure_register.py`` from the repository root
writes ``data/atgarder_2020_uppfoljning_2021.xlsx``. Workbook properties and
zip entry timestamps are fixed, so reruns give an identical file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Final, TypedDict

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

REPO_ROOT: Final[Path] = Path(__file__).resolve().parent.parent
OUTPUT_PATH: Final[Path] = REPO_ROOT / "data" / "atgarder_2020_uppfoljning_2021.xlsx"

SHEET_NAME: Final[str] = "Uppföljning 2021"
PLAN: Final[str] = "Åtgärdsplan mot segregation 2020"
FOLLOW_UP_YEAR: Final[int] = 2021
FIXED_TIMESTAMP: Final[dt.datetime] = dt.datetime(2022, 1, 5, 0, 0, 0)
STATUSES: Final[tuple[str, ...]] = ("Genomförd", "Pågår", "Ej genomförd")

BRS: Final[str] = "Berga, Ryd och Skäggetorp"


class Measure(TypedDict):
    """One measure (åtgärd) with its 2021 follow-up."""

    id: str
    atgard: str
    beskrivning: str
    omrade: str
    ansvarig: str
    finansiering: str
    status: str
    kommentar: str
    beslut: str


# Column header -> key in Measure (None = derived column).
COLUMNS: Final[list[tuple[str, str | None, int]]] = [
    ("Id", "id", 7),
    ("Åtgärd", "atgard", 45),
    ("Beskrivning", "beskrivning", 70),
    ("Utvecklingsområde", None, 18),
    ("Område", "omrade", 24),
    ("Ansvarig", "ansvarig", 28),
    ("Finansiering och tid", "finansiering", 40),
    ("Plan", None, 32),
    ("Uppföljningsår", None, 15),
    ("Status", "status", 14),
    ("Kommentar", "kommentar", 70),
    ("Beslut inför nästa år", "beslut", 40),
]
WRAP_COLUMNS: Final[set[str]] = {
    "Åtgärd",
    "Beskrivning",
    "Område",
    "Ansvarig",
    "Finansiering och tid",
    "Kommentar",
    "Beslut inför nästa år",
}

MEASURES: Final[list[Measure]] = [
    # ------------------------------------------------------------------
    # Utvecklingsområde 1: Ökad trygghet, gemenskap och delaktighet i samhället
    # ------------------------------------------------------------------
    {
        "id": "1.1",
        "atgard": "Bilda områdesteam",
        "beskrivning": "Lokala team bestående av olika kompetenser bildas och verkar tillsammans ute i områdena nära kommuninvånarna. Områdesteamet ska möta kommuninvånarna de tider där behov finns. Fokuserar på social brottsprevention. Är en länk mellan kommunens förvaltningar, bolagen, civilsamhället, polisen samt andra aktörer och har ett samordningsansvar. Genomförs i samverkan med Leanlink, KLF, säkerhetsenheten, UAF, KoF.",
        "omrade": BRS,
        "ansvarig": "SOF, Leanlink",
        "finansiering": "Utredning genomförs inom ram hösten 2020. Verkställighet efter utredning ej finansierad.",
        "status": "Genomförd",
        "kommentar": "Leanlink fick verksamhetsuppdrag i juni 2021. Teamen startade upp augusti 2021. Vidareutveckling sker kontinuerligt.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "1.2",
        "atgard": "Utred och etablera socialtjänst närmare kommuninvånarna i Berga, Ryd och Skäggetorp",
        "beskrivning": "Syftet är att socialtjänstens olika delar inom Individ & Familjeomsorgen, myndighet och utförare ska kunna arbeta närmare kommuninvånarna i områdena med förebyggande, åtgärdande och stödjande insatser. Detta för att nå grupper som är svåra att nå på grund av segregering. Lärdomar ska tas från nuvarande arbete med områdesbaserad socialtjänst. Socialtjänsten ska också utveckla och strukturera samverkan med andra aktörer i välfärdskedjan för att bättra uppfylla samhällskontraktet och möta de i behov av stöd. Syfte, mål och definition av uppdraget/begreppet behöver tas fram. Efter utredning bör det nya arbetssättet eller modellen etableras skyndsamt.",
        "omrade": BRS,
        "ansvarig": "SOF, Leanlink",
        "finansiering": "Utredning genomförs inom ram. Planeras utredas under hösten 2021. Verkställighet efter utredning ej finansierad.",
        "status": "Pågår",
        "kommentar": "Uppdraget påbörjat för Skäggetorp inom ramen för Utvecklingsuppdrag – ”Nära socialtjänst Skäggetorp”. Projektplan antagen/godkänd av KLG september 2021 och planering pågår nu.",
        "beslut": "Vidareutvecklad och konkretiserad i flera åtgärder 2022.",
    },
    {
        "id": "1.3",
        "atgard": "Vidareutveckla avhopparverksamheten",
        "beskrivning": "Stärk samverkan mellan berörda parter för att förebygga kriminalitet och erbjuda stöd till individer som vill bryta sitt kriminella liv. Genomförs inom Social insatsgrupp (SIG). Det finns idag policydokument och instruktion som ska uppdateras utifrån nationella styrdokument. Dessa gäller hela Linköpings kommun. Genomförs med stöd av säkerhetsenheten.",
        "omrade": BRS,
        "ansvarig": "SOF och KLF (SÄK)",
        "finansiering": "Uppdatering av Styrdokument genomförs inom ram. Uppdatering sker under 2021. Verkställighet efter uppdatering ej finansierad.",
        "status": "Pågår",
        "kommentar": "En processkartläggning genomförs och redovisas till styrgrupp december 2021.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "1.4",
        "atgard": "Starta upp och utveckla mötesplatsen Berga By för kommuninvånarna",
        "beskrivning": "Starta upp och utveckla Berga By till en positiv, naturlig mötesplats för Bergas invånare. Öppettiderna ska testas att anpassas efter områdets behov. Förvaltningarnas gemensamma uppdrag bör förtydligas. Genomförs tillsammans med SOF och VSS genom Kontakt Linköping.",
        "omrade": "Berga",
        "ansvarig": "KoF",
        "finansiering": "Genomförs inom ram. Startar 2021",
        "status": "Genomförd",
        "kommentar": "Berga by öppnade under våren 2021 och invigdes i september 2021.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "1.5",
        "atgard": "Utveckla Kontakt Linköpings arbetssätt i områdena",
        "beskrivning": "Eftersom många i områdena har behov av hjälp med samhällsvägledning och praktiska frågor är det viktigt att Kontakt Linköping anpassar arbetssättet för att möta och stötta kommuninvånare utifrån behov. Gärna lokaliserat till mötesplatser i områdena eller med koppling till områdesteamen.",
        "omrade": BRS,
        "ansvarig": "VSS",
        "finansiering": "Genomförs inom ram.",
        "status": "Pågår",
        "kommentar": "Kontakt Linköping i Berga har flyttat till Berga By där det nu finns en samlokalisering med andra förvaltningar.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "1.6",
        "atgard": "Ta fram kommuninternt utbildningspaket för att höja kunskapsnivån kring rättighetsbaserat arbete, inriktning segregation",
        "beskrivning": "Ett internt utbildningspaket ska tas fram och spridas. Syftet med utbildningen är att höja den allmänna kunskapsnivån hos kommunens anställda kring rättighetsbaserat arbete, med inriktning segregation. Detta för att sträva efter att kommuninvånarna får sina rättigheter tillgodosedda oavsett individuella förutsättningar.",
        "omrade": BRS,
        "ansvarig": "KLF (hållbarhets-enheten)",
        "finansiering": "Genomförs inom ram. Tas fram och genomförs under 2021.",
        "status": "Ej genomförd",
        "kommentar": "",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "1.7",
        "atgard": "Vidareutveckla metoden EST (Effektiv samordning för trygghet)",
        "beskrivning": "Fler rapportörer ska rekryteras till EST och lägesbilden vidareutvecklas.",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhets-enheten",
        "finansiering": "Genomförs inom ram. Pågående.",
        "status": "Genomförd",
        "kommentar": "EST systemet fungerar nu bra i de tre prioriterade områdena. Arbetet vidareutvecklas ständigt och fler rapportörer rekryteras kontinuerligt.",
        "beslut": "Ingår i åtgärd om brottsförebyggande arbete 2022.",
    },
    {
        "id": "1.8",
        "atgard": "Fortsatt stärkt samverkan med polisen genom medborgarlöftet",
        "beskrivning": "En handlingsplan som tar avstamp i medborgarlöftet för trygghetsskapande och brottsförebyggande åtgärder har tagits fram av kommunen och polisen under våren 2020. Samverkan och arbete med prioriterade frågor enligt den ska ske.",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhets-enheten",
        "finansiering": "Genomförs inom ram. Pågår.",
        "status": "Pågår",
        "kommentar": "Samverkan mellan kommunen och polisen har utvecklats och stärkts mycket under året. Tätare avstämningar med polisen sker nu i vardagen. En beredningsgrupp för aktivitetslistan som ligger till grund för medborgarlöftet har etablerats.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "1.9",
        "atgard": "Utöka relationsbyggande arbete mellan unga och polis och räddningstjänst",
        "beskrivning": "Fortsätta och utöka det relationsbyggande arbetet mellan blåljuspersonal och barn och ungdomar när läget är lugnt, istället för att mötas när incident inträffat. En naturlig kontaktyta med barn/ungdomar samt personal inom skola och fritidsverksamhet behöver finnas.",
        "omrade": BRS,
        "ansvarig": "UAF för genomförande i skolan, KoF för genomförande i fritidsverksamhet",
        "finansiering": "Genomförs inom ram. 2021.",
        "status": "Pågår",
        "kommentar": "På KoF pågår. På UAF ej påbörjat på grund av pandemin. Beroende av räddningstjänstens och polisens resurser för genomförande.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "1.10",
        "atgard": "Ta fram en krishanteringsplan för akuta händelser",
        "beskrivning": "En plan som tydliggör central styrning, ansvarsfördelning och skeden vid en akut händelse ska tas fram, ex brand eller skjutning. Viktigt att kommunen agerar enhetligt och kraftfullt och finns på plats snabbt vid eventuella incidenter för att informera och möta upp kommuninvånare. Ska kopplas till områdesteamen.",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhetsenheten",
        "finansiering": "Genomförs inom ram. Påbörjad.",
        "status": "Genomförd",
        "kommentar": "En rutin finns och fungerar väl.",
        "beslut": "Åtgärd tas inte med 2022 eftersom den är genomförd.",
    },
    {
        "id": "1.11",
        "atgard": "Etablera strukturer för systematisk, kontinuerlig dialog med civilsamhället, kommuninvånarna och aktörer i områdena",
        "beskrivning": "En strukturerad plan för systematisk, kontinuerlig dialog med föreningar och civilsamhällesaktörer ska tas fram och genomföras. Genom kontinuerlig dialog kan bättre förutsättningar för samordning och samverkan skapas mellan olika aktörer samt mellan kommunen och civilsamhället. Planen ska även innefatta struktur för kontinuerlig dialog med kommuninvånare i områdena.",
        "omrade": BRS,
        "ansvarig": "KLF (hållbarhetsenheten)",
        "finansiering": "Genomförs inom ram. 2021.",
        "status": "Pågår",
        "kommentar": "En plan har tagits fram av hållbarhetsenheten. Planering av genomförande och fortsatt arbete görs av områdesteamen med stöd av KLF.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "1.12",
        "atgard": "Utveckla lokala brottsförebyggande grupper",
        "beskrivning": "Områdesgrupper, så kallade lokala brottsförebyggande grupper, ska startas upp. Syftet med grupperna är att svara för den operativa och lokalt förankrade delen i kommunens brottsförebyggande och trygghetsskapande arbete. Fokuserar på social och situationell brottsprevention.",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhetsenheten",
        "finansiering": "Genomförs inom ram. Påbörjas 2021.",
        "status": "Genomförd",
        "kommentar": "Lokala brottsförebyggande grupper finns nu i de tre områdena samt även i fler av kommunens områden. Grupperna arbetar både med social prevention och situationell prevention. Representanter från kommunens olika verksamheter ingår samt fastighetsägare och polis.",
        "beslut": "Ingår i åtgärd om brottsförebyggande arbete 2022.",
    },
    {
        "id": "1.13",
        "atgard": "Fortsatt stärkt samverkan med Räddningstjänsten Östra Götaland (RTÖG)",
        "beskrivning": "Förstärkt samverkan mellan kommunen och RTÖG kopplat till förebyggande säkerhetsarbete (brand och trygghet).",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhetsenheten",
        "finansiering": "Genomförs inom ram. Påbörjas 2021.",
        "status": "Genomförd",
        "kommentar": "Samverkan fungerar väl och kommer fortsätta. RTÖG kommer troligtvis skriva om styrdokument för att innefatta mer trygghetsinriktat arbete.",
        "beslut": "Åtgärd tas inte med 2022 eftersom den är genomförd.",
    },
    {
        "id": "1.14",
        "atgard": 'Genomför och arbeta vidare utifrån "Lägesbild över kriminell påverkan i lokalsamhället" samt "Trygghetsundersökningar"',
        "beskrivning": "Mätningarna kan användas för att följa upp vidtagna åtgärder, prioritera insatser samt som en del i lägesbilsarbetet. Genomförs i samverkan med Polisen.",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhetsenheten",
        "finansiering": "Genomförs inom ram. Pågår.",
        "status": "Pågår",
        "kommentar": "Säkerhetsenheten och förvaltningarna arbetar tillsammans med polisen på olika sätt för att motverka den kriminella påverkan.",
        "beslut": "Inarbetas i åtgärd om samverkan med polisen 2022.",
    },
    {
        "id": "1.15",
        "atgard": "Genomför Aslansamtal",
        "beskrivning": "Bekymringssamtal är ett verktyg för samtal med unga om riskbeteende i förhållande till kriminalitet. Samtalet hålls tillsammans med barn, föräldrar och polis.",
        "omrade": BRS,
        "ansvarig": "Leanlink/ Råd & Stöd",
        "finansiering": "Genomförs inom ram. Pågår.",
        "status": "Pågår",
        "kommentar": "80 samtal har genomförts under 2021 men dock utan polisens deltagande pga pandemin.",
        "beslut": "Aslansamtalen kommer fortsätta men finns inte med som åtgärd 2022.",
    },
    {
        "id": "1.16",
        "atgard": "Fortsätt arbeta med lokal operativ myndighetssamverkan (LOS)",
        "beskrivning": "LOS-nätverket planerar och genomför operativa insatser för att bekämpa kriminell näringsverksamhet.",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhets- enheten",
        "finansiering": "Genomförs inom ram. Pågår.",
        "status": "Pågår",
        "kommentar": "",
        "beslut": "LOS kommer fortsätta men finns inte med som åtgärd 2022.",
    },
    # ------------------------------------------------------------------
    # Utvecklingsområde 2: Fler i arbete eller meningsfull sysselsättning
    # ------------------------------------------------------------------
    {
        "id": "2.1",
        "atgard": "Kommunen ska ta emot fler personer inom ramen för arbetsmarknadsåtgärder",
        "beskrivning": 'Ett politiskt uppdrag att genomföra "heltidsaktiveringen" finns. Samtliga nämnder har fått i uppdrag att öka antal arbetsmarknadsplatser i internbudget 2021. Antalet platser övergår 500 stycken per år. AMC fördelar platserna.',
        "omrade": BRS,
        "ansvarig": "Tar fram platser: samtliga nämnder, Matchar tillsättningen: UAF",
        "finansiering": "Genomförs inom ram. 2020-2021.",
        "status": "Pågår",
        "kommentar": "Många personer har tagits emot i verksamheterna, särskilt i projekt som Drivbänk, Vreta kluster, men ytterligare fler platser behövs framöver.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "2.2",
        "atgard": "Inrätta lokala driftsorganisationer på prov",
        "beskrivning": "Miljö- och samhällsbyggnadskontoret ska utreda förutsättningarna att inrätta lokala driftsorganisationer i Berga, Ryd och Skäggetorp i samverkan med kommunens arbetsmarknadsenhet. Med bakgrund i de förutsättningar som identifieras efter utredningen rekryteras områdesvärdar som en arbetsmarknadsåtgärd. En lokal driftsorganisation med lokal förankring kan skapa en något högre standard på driften, samtidigt som den bidrar till ansvarstagande och stolthet för den egna stadsdelen.",
        "omrade": BRS,
        "ansvarig": "MoS (SMK)",
        "finansiering": "Genomförs inom ram. Utredds Q1/2021. Planeras genomföras Q2/2021 – Q2/2022.",
        "status": "Genomförd",
        "kommentar": "Startade upp i Berga och Skäggetorp i oktober. Drivbank ansvarar för genomförandet och MoS, Park och natur, ansvarar för att förse arbetsgrupperna med lämpliga arbetsuppgifter.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "2.3",
        "atgard": "Genomför kompetenssatsning för timavlönade och tillsvidareanställda med svenska som utbildningsspråk för att bredare öppna upp arbetsmarknaden för dessa grupper",
        "beskrivning": "Syftet är att öppna upp arbetsmarknaden för fler som idag inte har godkänd nivå i svenska språket för att uppnå kraven för vikarie anställning. Gäller vård och omsorg.",
        "omrade": BRS,
        "ansvarig": "KLF, HR",
        "finansiering": "Finansieras genom stadsbidrag samt inom befintlig ram. 2020-2023.",
        "status": "Ej genomförd",
        "kommentar": "En förstudie (Connect) har dock genomförts på regional nivå för att undersöka grunderna för nya roller samt anställningsmöjligheter/kompetenstrappor.",
        "beslut": "Finns ej med i åtgärdsplan 2022.",
    },
    {
        "id": "2.4",
        "atgard": "Utred möjligheten att prioritera ungdomar från Berga, Ryd och Skäggetorp för feriearbete inom kommunen kommande somrar",
        "beskrivning": "Utredningen avser att rikta de traditionella feriearbetena. Syftet är att underlätta för ungdomar från områdena att få in en fot på arbetsmarknaden, och att få en meningsfull sysselsättning under sommaren.",
        "omrade": BRS,
        "ansvarig": "UAF (avd. för gymnasieskola och vuxen- utbildning)",
        "finansiering": "Genomförs inom ram. Utreds för att genomföras sommaren 2021.",
        "status": "Genomförd",
        "kommentar": "Utredning har gjorts men det är svårt att prioritera utifrån positiv särbehandling. En stor andel sommarjobb går redan till ungdomar med särskilda behov.",
        "beslut": "Finns ej med i åtgärdsplan 2022.",
    },
    {
        "id": "2.5",
        "atgard": "Se över möjligheten att erbjuda fler unga arbete på kvällar och helger",
        "beskrivning": 'Syftet är att underlätta för ungdomar från områdena att få in en fot på arbetsmarknaden samt att de ska få en meningsfull sysselsättning. Förekommer redan idag inom UngPuls och kan eventuellt utökas i samverkan med arbetsmarknadsenheten. Utred möjligheten att utveckla "polarna" och koppla till områdesteamen. Utredningen ska ske i samverkan med AMC.',
        "omrade": BRS,
        "ansvarig": "UAF utreder",
        "finansiering": "Utredning genomförs inom ram. Utredning påbörjas 2021.",
        "status": "Pågår",
        "kommentar": "AMC har ett specifikt ungdomsprojekt kring jobb, CV, coachning med mera innan de 90 dagarnas karantän vid inskrivning på Arbetsförmedlingen.",
        "beslut": "Ingår i åtgärd Ungdomssatsning i områden med socioekonomiska utmaningar 2022.",
    },
    {
        "id": "2.6",
        "atgard": "Etablera arbetsmarknadsvägledning lokalt i områdena",
        "beskrivning": "Exempelvis på Agora i Skäggetorp, i Berga By i Berga och Ryds herrgård i Ryd. Viktigt att det genomförs och blir synligt för kommuninvånarna. Genomförs inom befintligt uppdrag.",
        "omrade": BRS,
        "ansvarig": "UAF (AMC)",
        "finansiering": "Genomförs inom ram. 2021.",
        "status": "Pågår",
        "kommentar": "Lokal arbetsmarknadsvägledning har testats vid flera tillfällen men det är glest mellan besöken. En ny möjlighet finns i Skäggetorp i samband med att nära socialtjänst etablerar sig.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "2.7",
        "atgard": "Verka för att fler lokala arbetsgivare i områdena tar emot personer inom olika arbetsmarknadsinsatser",
        "beskrivning": "Intensifiering av kommunikation och möten med lokala arbetsgivare i områdena behövs för att fler lokala arbetsgivare ska ta emot personer inom olika arbetsmarknadsinsatser. Genomförs inom ”heltidsaktiveringen”.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. 2021.",
        "status": "Pågår",
        "kommentar": "Arbetsgivar- och näringslivsteamens arbetsmarknadskonsulenter söker upp och samtalar med arbetsgivare.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "2.8",
        "atgard": "Arbeta vidare med Jobbspår, interna och externa",
        "beskrivning": "Vuxenutbildningar behöver anpassas i samverkan med företag så att rätt utbildning leder till anställning genom lokal överenskommelse. Jobbspår ingår i DUA, lokal överenskommelse med arbetsförmedlingen finns. Genomförs i samverkan med arbetsgivarna, arbetsförmedling, AMI och VUX.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. 2021.",
        "status": "Pågår",
        "kommentar": "Jobbspår har blivit rankade med bäst rating i Sverige. Projektet Connect kommer att fortsätta gällande kompetensförsörjning och matchning med utsatta gruppers arbetskraft. Hotell, Restaurang, Gröna näringar mfl externt - äldrespår och gröna näringar internt.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "2.9",
        "atgard": "Uppmuntra till entreprenörskap och företagsamhet",
        "beskrivning": "Riktade insatser ska genomföras i områdena för att uppmuntra och stötta till entreprenörskap och företagsamhet. Genomförs i samverkan med UAF.",
        "omrade": BRS,
        "ansvarig": "KLF (Näringsliv- och tillväxtstaben)",
        "finansiering": "Inkluderas i budgetarbetet 2022. Påbörjas därefter.",
        "status": "Pågår",
        "kommentar": "En förstudie har genomförts och ett långsiktigt projekt ska startas med syftet att tillgängliggöra, anpassa och utöka nyföretagarrådgivningen till invånare med utländsk bakgrund så att fler kan ta del av kommunens stöd till nyföretagare.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "2.10",
        "atgard": "Stärk samverkan för att bättre fånga upp unga som inte fullföljer eller riskerar att inte fullfölja gymnasiet",
        "beskrivning": 'Frågan hanteras inom Styrgruppen "Barn & Unga i Samverkan" samt Kommunala aktivitetsansvaret (KAA). KAA har ett uppdrag att utveckla den befintliga handlingsplanen.',
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. Pågående.",
        "status": "Pågår",
        "kommentar": "AMC stöttar upp det kommunala aktivitetsansvaret som finns inom skolan, genom näringslivskontakter och kommunala arbetsplatser.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "2.11",
        "atgard": "Skapa fortsättning på Mentorsskapsprogrammet",
        "beskrivning": "Fortsätt driva Mentorskapsprogrammet som inleddes våren 2020. Sker i samverkan med delaktiga parter.",
        "omrade": "Ryd",
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. Hösten 2021.",
        "status": "Ej genomförd",
        "kommentar": "Ej genomförd på grund av att det inte fanns intresse från skolans sida att fortsätta mentorsprogrammet",
        "beslut": "Finns ej med i åtgärdsplan 2022.",
    },
    {
        "id": "2.12",
        "atgard": "Förberedande körkortsutbildning permanentas",
        "beskrivning": "Detta för utveckling av anställningsbarhet.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. Pågående.",
        "status": "Genomförd",
        "kommentar": "Utbildningen fortsätter och Linköping är en av två permanenta förberedande körkortsutbildningsorter.",
        "beslut": "Finns ej med i åtgärdsplan 2022 eftersom det är genomfört men utbildningen kommer vidareutvecklas och fortgå.",
    },
    {
        "id": "2.13",
        "atgard": 'Satsning på ungdomar som lämnar gymnasiet – "första jobbet" anställningar',
        "beskrivning": "Politisk satsning i arbetsmarknadsnämnden under 2021.",
        "omrade": BRS,
        "ansvarig": "UAF (AMI i samverkan med avd. för gymnasieskola) och vuxen- utbildning))",
        "finansiering": "Politisk satsning, väl-färds- miljonerna. 2021-2022.",
        "status": "Pågår",
        "kommentar": "",
        "beslut": "Ingår i åtgärd Ungdomssatsning i områden med socioekonomiska utmaningar 2022.",
    },
    # ------------------------------------------------------------------
    # Utvecklingsområde 3: Utbildning för att barn och vuxna ska nå sin fulla potential
    # ------------------------------------------------------------------
    {
        "id": "3.1",
        "atgard": "Säkerställ en god mottagning av eleverna från Skäggetorpsskolan i de andra skolorna",
        "beskrivning": "Resurs har tillförts för att stärka skolorna och öka kompetensen hos den personal som ska ta emot eleverna.",
        "omrade": "Mottagande skolor",
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. 2020-2021",
        "status": "Genomförd",
        "kommentar": "Personalen på Skäggetorpsskolan gjorde under våren 2020 överlämning i fyra steg.",
        "beslut": "Finns ej med i åtgärdsplan 2022 eftersom det är genomfört.",
    },
    {
        "id": "3.2",
        "atgard": "Aktivt verka för att främja ett aktivt skolval i alla åldrar",
        "beskrivning": "Det är gynnsamt för elever att göra ett aktivt skolval och det ska uppmuntras genom kampanjer och aktiv informationsspridning. Inte minst i Skäggetorp där situationen nu förändras i och med den nedlagda skolan. Genomförs av de som har kontaktytor mot elever, samt mot vårdnadshavare.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. 2020-2021 för att sedan utvärdera utfall.",
        "status": "Pågår",
        "kommentar": "100% av eleverna på Skäggetorps skolor gjorde ett aktivt skolval till åk 7 2021. Erfarenheter ska spridas till Ryd och Berga.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "3.3",
        "atgard": "Stärk och vidareutveckla Kulturpuls på låg- och mellanstadieskolorna",
        "beskrivning": "Skapa och standardisera en permanent och långsiktig samarbetsform där Kulturpuls och skolorna i områdena hittar samverkansformer som är överensstämmande med båda verksamheternas uppdrag.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Genomförs inom ram. Pågående, ska stabiliseras.",
        "status": "Pågår",
        "kommentar": "Coronapandemin har fördröjt och försvårat genomförandet.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "3.4",
        "atgard": "Kartlägg orsaker till den lägre andelen inskrivna barn i förskolan i områdena, utifrån kartläggningen genomför åtgärder",
        "beskrivning": "Orsaker till den lägre andelen inskrivna barn i förskolan i områdena ska kartläggas. Utifrån kartläggningen ska åtgärder föreslås för att öka andelen barn i förskolan i områdena. Åtgärder kan till exempel vara riktade informationsåtgärder.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. Påbörjas 2021.",
        "status": "Pågår",
        "kommentar": "Kartläggning av orsaker och förslag till åtgärder blir klar december 2021.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "3.5",
        "atgard": "Arbeta med att motverka segregation i förskolan-åk 6",
        "beskrivning": "Bryt barriärer mellan elever genom insatser där erfarenhetsutbyten mellan elever från olika skolor i kommunen genomförs.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. Påbörjas vt- 2021.",
        "status": "Pågår",
        "kommentar": "Inom förskolan är projekt startat för att implementera undervisningsmetoder och arbetssätt som ökar barns ordförråd och gynnar deras språkutveckling, med särskilt fokus på flerspråkiga barn, på alla kommunala förskolor i Linköpings kommun. I F-6 finns pågående arbete med resultatuppföljning och förväntat resultat #förvarjeelev. Ex pågående arbete med matematik för att säkerställa att undervisningen fokuserar på de kritiska faktorerna som behöver finnas.",
        "beslut": "Vidareutvecklad och uppdelad i två åtgärder 2022.",
    },
    {
        "id": "3.6",
        "atgard": "Undersök finansieringsmöjligheter för att kunna göra Bokstart permanent",
        "beskrivning": "Bokstart finns idag i Berga. Finansieringsmöjligheter ska undersökas för att Bokstart ska kunna starta upp även i Ryd och Skäggetorp och göras permanent i alla tre områden. Syftet med Bokstart är att tidigt stimulera språkutveckling och skapa relationer till familjerna. Detta bygger på samverkan mellan bibliotek, förskola och barnhälsovård.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Finansiering saknas. Undersökning genomförs under 2021.",
        "status": "Pågår",
        "kommentar": "Prioriterad åtgärd enligt KOF",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "3.7",
        "atgard": "Komplettera SFI med arbetsmarknadsåtgärder",
        "beskrivning": "Utred möjligheten inom heltidsaktiveringen mellan VUX, AMI samt arbetsförmedlingen. Ev. utökning av den lokala överenskommelsen med arbetsförmedlingen.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. 2021 och fortsättningsvis.",
        "status": "Pågår",
        "kommentar": "Samverkan med vuxenutbildningen. Vux genomgår en förändringsprocess just nu, men kontakter och tankar kring SFI på plats på Arbetsmarknadsservice pågår. Ett pilotprojekt planeras.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "3.8",
        "atgard": "Inrätta ”mobila pedagoger” för extra språkstöd",
        "beskrivning": "Genomförs inom ”heltidsaktiveringen” samt genom samarbete med samordningsförbundet i centrala Östergötland (ESF ansökan).",
        "omrade": BRS,
        "ansvarig": "UAF tillsammans med samordningsförbundet",
        "finansiering": "Finansiering genom politisk satsning samt ESF-medel. 2021-2022.",
        "status": "Genomförd",
        "kommentar": "Fyra språkutvecklare för vuxna finns nu på plats i AMI:s samverkan med VUX och Samordningsförbundet. Genom att nyttja projektmedel kunde antalet språkutvecklare dubblas.",
        "beslut": "Ej med i åtgärdsplan 2022 eftersom det är genomfört.",
    },
    {
        "id": "3.9",
        "atgard": "Utveckla formerna för samhällsorientering",
        "beskrivning": "Samhällsorientering ska utvecklas för att nå fler. Åtgärder för att även nå familjemedlemmar som har rätt till samhällsorientering ska tas fram. Regionen är kommunens utförare.",
        "omrade": BRS,
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. 2021 och fortsättningsvis.",
        "status": "Genomförd",
        "kommentar": "Uppstart för SAK (Samhälls och ArbetsmarknadsKunskap) hösten 2021. SAK är ett uppsamlingsheat gällande samhällsorientering som är behovsstyrd vilket gör att fler kan gå den, ex anhöriga och de som gått SO tidigare.",
        "beslut": "Ej med i åtgärdsplan 2022 eftersom det är genomfört.",
    },
    # ------------------------------------------------------------------
    # Utvecklingsområde 4: Trivsamma livsmiljöer för ett sammanhållet Linköping
    # ------------------------------------------------------------------
    {
        "id": "4.1",
        "atgard": "Genomför planprogrammet i Skäggetorp. Nya detaljplanearbeten där intressent finns ska prioriteras",
        "beskrivning": "Detaljplaner i Skäggetorp där intressent finns ska prioriteras högt för att den stora strukturomvandling som planprogrammet möjliggör ska ske så snabbt som möjligt.",
        "omrade": "Skäggetorp",
        "ansvarig": "MoS (PK)",
        "finansiering": "Genomförs inom ram. 2021",
        "status": "Pågår",
        "kommentar": "Detaljplan pågår för ca 70 bostäder inom Stångåstadens del av Skäggetorp. 2022 planeras ytterligare en detaljplan påbörjas inom Victoria parks bestånd för ca 250 nya bostäder. Flera principer i planprogrammet är svåra att genomföra och arbete med en genomförandestrategi pågår.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "4.2",
        "atgard": "För kontinuerlig dialog med fastighetsägare i Skäggetorp kring utveckling i enlighet med planprogrammet",
        "beskrivning": "Kontinuerliga samtal ska föras med fastighetsägare i Skäggetorp kring förutsättningar att förverkliga planprogrammet för att få fler byggaktörer att komma in och utveckla Skäggetorp.",
        "omrade": "Skäggetorp",
        "ansvarig": "MoS (PK)",
        "finansiering": "Genomförs inom ram. Q1/2021",
        "status": "Pågår",
        "kommentar": "Löpande dialog med de tre stora fastighetsägarna pågår. Svårt att få de befintliga fastighetsägarna att utveckla boendeformer som saknas, t.ex. markboende och bostadsrätter.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "4.3",
        "atgard": "Bygga bostäder enligt planprogrammet",
        "beskrivning": "Uppdrag ges till bostadsbolag att prioritera fler investeringar i Skäggetorp, med fokus på att bygga nya bostäder enligt planprogrammet. Det är viktigt att det kommunala bolaget Stångåstaden går före och visar vägen för övriga intressenter.",
        "omrade": "Skäggetorp",
        "ansvarig": "MoS (PK)",
        "finansiering": "Genomförs inom ram. Uppdrag ges under första halvåret 2021.",
        "status": "Pågår",
        "kommentar": "Detaljplan pågår för ca 70 bostäder inom Stångåstadens del av Skäggetorp. 2022 planeras ytterligare en detaljplan påbörjas inom Victoria parks bestånd för ca 250 nya bostäder. Flera principer i planprogrammet är svåra att genomföra och arbete med en genomförandestrategi pågår.",
        "beslut": "Vidmakthållen åtgärd 2022 (ihopslagen med annan åtgärd).",
    },
    {
        "id": "4.4",
        "atgard": "Fortsätt att prioritera investeringar som sammankopplar Skäggetorp med övriga staden",
        "beskrivning": "Under 2020-2023 kommer investeringar som skapar bättre förutsättningar för Skäggetorps utmaningar att särskilt prioriteras. Exempel på investeringar är utvecklade lekmiljöer, belysningsprojekt och kopplingar med omgivande stadsdelar och miljöer. Investeringarna kommer att tas fram i dialog med boende i stadsdelen för att skapa delaktighet. Arbetet ska kopplas med övriga förvaltningars arbete i området.",
        "omrade": "Skäggetorp",
        "ansvarig": "MoS (SMK)",
        "finansiering": "Genomförs inom ram (investeringsbudget). 2021-2022",
        "status": "Pågår",
        "kommentar": "Årliga inventeringar av mörka platser med hänsyn till behov av komplettering av belysning och trygghetsinsatser med röjningar av buskage och skogsdungar genomförs. Plan för att modernisera aktivitetspark/stadsdelspark i centrum av Skäggetorp under 2022/2023. Plan för närlekplatser och parker inom stadsdelen ligger med i långsiktig investeringsplan. Fortsatt utveckling av konceptet cykellänk med angoring till centrala Linköping för att sammanbinda Skäggetorp med centrala Linköping.",
        "beslut": "Vidareutvecklad och konkretiserad i flera åtgärder 2022.",
    },
    {
        "id": "4.5",
        "atgard": "Pröva att etablera en internationell marknad (torghandel) i Skäggetorp",
        "beskrivning": "En internationell marknad med torghandel kan bli en ny målpunkt i staden. Samverkan med fastighetsägaren och samråd med berörda aktörer måste ske innan det kan prövas.",
        "omrade": "Skäggetorp",
        "ansvarig": "MoS (SMK)",
        "finansiering": "Genomförs inom ram. Q2/2021 - Q2/2022",
        "status": "Pågår",
        "kommentar": "Förstudie för marknad/torghandel i Skäggetorp pågår. Rapport levereras i slutet av 2021.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "4.6",
        "atgard": "Prioritera planläggning som utvecklar Berga till en mer socialt hållbar stadsdel",
        "beskrivning": "Detaljplaner där intressent finns och som på ett tydligt sätt utvecklar Berga till en socialt mer hållbar stadsdel ska prioriteras.",
        "omrade": "Berga",
        "ansvarig": "MoS (PK)",
        "finansiering": "Genomförs inom ram. 2022.",
        "status": "Pågår",
        "kommentar": "Det är prioriterat. Flera detaljplaner har tagits fram i Berga de senaste åren och flertalet olika byggmöjligheter finns hos flera fastighetsägare. En planansökan för utveckling av ett nytt centrumkvarter har inkommit. Detaljplanen för Berga centrum kommer att prioriteras högt och startar vid årsskiftet 2021/2022. Medborgardialog kommer att användas i högre utsträckning än vanligt för att Bergaborna ska få en möjlighet att vara delaktiga i planeringen av centrumets utveckling.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "4.7",
        "atgard": "Fortsätt att prioritera investeringar som stödjer Bergas utmaningar",
        "beskrivning": "Under 2020-2023 kommer investeringar som skapar bättre förutsättningar för Bergas utmaningar att särskilt prioriteras. Exempel på investeringar är utvecklade lekmiljöer, belysningsprojekt och kopplingar med omgivande stadsdelar och miljöer. Investeringarna kommer att tas fram i dialog med boende i stadsdelen för att skapa delaktighet. Arbetet ska kopplas med övriga förvaltningars arbete i området.",
        "omrade": "Berga",
        "ansvarig": "MoS (SMK)",
        "finansiering": "Genomförs inom ram (investeringsbudget). Q1/2021",
        "status": "Pågår",
        "kommentar": "I Berga hage görs röjning och skyltning samt gestaltning för att höja kultur och rekreationsvärden. Trygghetsåtgärder med belysning samt tunnel med mosaik och belysning. Årliga inventeringar av mörka platser med hänsyn till behov av komplettering av belysning.",
        "beslut": "Vidareutvecklad och konkretiserad i flera åtgärder 2022.",
    },
    {
        "id": "4.8",
        "atgard": "Utveckla ytor för rekreation för alla åldrar",
        "beskrivning": "Det är viktigt att det i områdena finns ytor utomhus för olika former av rekreation som tilltalar alla olika åldrar. Utvecklingen ska ske i samverkan med KoF.",
        "omrade": BRS,
        "ansvarig": "MoS (SMK)",
        "finansiering": "Genomförs inom ram. Q1/2021",
        "status": "Pågår",
        "kommentar": "Planering för ombyggnation av aktivitetspark i Ryd pågår. Byggnation kommer ske under 2022. Även i Skäggetorp planeras upprustning och modernisering av aktivitetspark/stadsdelspark.",
        "beslut": "Vidareutvecklad och konkretiserad i flera åtgärder 2022.",
    },
    {
        "id": "4.9",
        "atgard": "Ta fram strategi för kommunikation kring Berga, Ryd och Skäggetorp",
        "beskrivning": "Syftet är att kommunen ska kommunicera mer enhetligt kring områdena. Viktigt att lyfta fram gemenskapen och det positiva som en motvikt till den negativa nyhetsrapporteringen. Utred även hur en sammanvägd kvalitativ bedömning av området kan se ut.",
        "omrade": BRS,
        "ansvarig": "KLF, kommunikationsstaben",
        "finansiering": "Genomförs inom ram. Påbörjat. Utredning inkluderas i budgetarbetet 2022.",
        "status": "Pågår",
        "kommentar": "En målgruppsanalys har tagits fram som en del i en kommunikationsstrategi men en djupare analys kan behöva göras under 2022 för att få djupare insikter om hur kommunikationen bäst ska ske med boende i områdena. Kommunen har under året lyft en rad positiva satsningar som gjorts i områdena och informationen har förbättrats både på interna och externa webben, men den externa webben ska förbättras ytterligare.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "4.10",
        "atgard": "Vidareutveckla en stabil fastighetsägarsamverkan i områdena",
        "beskrivning": "Kommunen startar upp eller vidareutvecklar stabil och långsiktig samverkan med fastighetsägare i områdena. Stångåstaden, Lejonfastigheter MoS bör ingå. Viktigt med samverkan kring skötsel av utemiljöer men även andra viktiga frågor. Ev. sammankopplat med lokala brottsförebyggande grupper.",
        "omrade": BRS,
        "ansvarig": "KLF, säkerhets-enheten",
        "finansiering": "Genomförs inom ram. Påbörjas 2021.",
        "status": "Pågår",
        "kommentar": "En fastighetsägarförening finns i Skäggetorp och hålls samman av Stångåstaden. I Berga ska en startas upp/vidareutvecklas. Även den hålls samman av Stångåstaden. Representant från KLF Hållbarhetsenheten deltar från kommunen. Fastighetsägare deltar i de lokala brottsförebyggande grupperna (BF-grupper).",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "4.11",
        "atgard": "Genomför utbildning för medarbetare på MoS om segregation",
        "beskrivning": "Miljö- och samhällsbyggnadsförvaltningen ska under 2021 genomföra en särskild utbildning kopplat till segregation för alla förvaltningens processer för att för att stärka kompetensen och öka förståelsen för vikten av att arbeta med dessa områden.",
        "omrade": BRS,
        "ansvarig": "MoS (Stab)",
        "finansiering": "Genomförs inom ram. Första halvåret 2021.",
        "status": "Ej genomförd",
        "kommentar": "Aktiviteten har inte genomförts på grund av coronapandemin. Utbildningen kommer genomföras för stadsplaneavdelningen och delar av stadsmiljöavdelningen under 2022.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "4.12",
        "atgard": "Omfördela resurser och tidigarelägg planerade investeringar som stödjer Ryds utmaningar",
        "beskrivning": "Resurser ska omfördelas så att tidigare planerade investeringar som skapar bättre förutsättningar för Ryds utmaningar ska prioriteras. Exempel på investeringar är utvecklade lekmiljöer, belysningsprojekt och kopplingar med omgivande stadsdelar och miljöer. Investeringarna kommer att tas fram i dialog med boende i stadsdelen för att skapa delaktighet. Arbetet ska kopplas med övriga förvaltningars arbete i området.",
        "omrade": "Ryd",
        "ansvarig": "MoS (SMK)",
        "finansiering": "Genomförs inom ram (investeringsbudget). Q1/2021",
        "status": "Pågår",
        "kommentar": "Flera åtgärder har genomförts och planeras. Modernisering och byggnation av aktivitetspark i Ryd planeras och kommer genomföras under 2022. Årliga inventeringar av mörka platser med hänsyn till behov av komplettering av belysning. Gång- och cykeltunnel vid Ryds Allé upprustas utifrån trygghetsperspektiv med mosaik och belysning. Upprustning av gång- och cykelväg vid nya studentbostäderna görs samt beläggningsarbeten på vissa andra bilvägar och gång- och cykelvägar.",
        "beslut": "Vidareutvecklad och konkretiserad i flera åtgärder 2022.",
    },
    # ------------------------------------------------------------------
    # Utvecklingsområde 5: En rikare fritid för alla
    # ------------------------------------------------------------------
    {
        "id": "5.1",
        "atgard": "Tillsatt resurs som arbetar med föreningsutveckling i områdena",
        "beskrivning": "Syftet är att både utveckla och stötta det befintliga föreningslivet, men också att stötta i demokratiprocesser för att fler ska kunna starta upp föreningsverksamhet. Bör kopplas till områdesteam.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Inkluderas i budgetarbetet 2022.",
        "status": "Ej genomförd",
        "kommentar": "Ej påbörjad men att arbeta med strukturerad föreningsutveckling i områdena är prioriterat under 2022.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "5.2",
        "atgard": "Inrätta fritidslotsar med uppdrag att kartlägga önskemål kring fritidsaktiviteter och matcha med utbud",
        "beskrivning": "Fritidslotsarna kan fungera som en mellanhand mellan kommuninvånare och föreningar eller kommunens verksamhet för att matcha intressen med aktiviteter. Viktigt med stöttning och uppmuntran så att fler får en meningsfull fritid.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Ev. finansieras via Delmos, alt. inkluderas i budgetarbetet 2022.",
        "status": "Pågår",
        "kommentar": "Utredning pågår och finansieras via medel från Delmos. Särskilda lotsar kommer inte inrättas men uppdraget kommer hanteras inom fritid på KOF.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "5.3",
        "atgard": "Skapa långsiktiga och stabila strukturer kring föreningsbidrag",
        "beskrivning": "En total översyn av samtliga förvaltningars bidrag behöver göras för att skapa långsiktiga och stabila strukturer kring föreningsbidrag så att föreningarna kan bygga stabil och långsiktig verksamhet. En form för detta är IOP. En utredning med civilsamhället behöver genomföras.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Inkluderas i budgetarbetet 2022. Utredning med civilsamhället påbörjas 2021.",
        "status": "Pågår",
        "kommentar": "Kommer fortsatt ske genom utredning om möjligheten att skapa tydliga uppdrag och IOP-avtal för och med föreningar verkande i områdena.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "5.4",
        "atgard": "Etablera Fritidsbanker",
        "beskrivning": "En fritidsbank fungerar som ett bibliotek med sport- och fritidsutrustning för utlån. Under sommaren 2020 etablerades Pulsbanker med gott resultat. Pilotprojekt genomförs i något av områdena för att eftersträva permanent struktur.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Finansiering saknas. Pilotprojekt påbörjas i något av områdena 2021.",
        "status": "Pågår",
        "kommentar": "Pulsbanker var öppna även under sommaren 2021 och 150 sommarjobbare arbetade med att bemanna dem. Utredning pågår om koncept för utlåning av sport- och fritidsutrustning. Utredningen väntas leda till ett nytt koncept som ska testas under sommaren 2022.",
        "beslut": "Vidareutvecklad åtgärd 2022.",
    },
    {
        "id": "5.5",
        "atgard": "Vidareutveckla och stärk Agora, Berga By och Ryds sportcenter som mötesplatser",
        "beskrivning": "Vidareutveckla och stärk Agora, Berga By och Ryds sportcenter som centrala mötesplatser i områdena i samverkan med andra förvaltningar. Det är viktiga platser för integration. Öppettiderna ska utökas för att bättre möta stadsdelarnas behov. Området kring Wahlbäckshallen bör utvecklas för att nå en större målgrupp. Ryds motionscentrum bör även inkluderas i utvecklingsarbetet.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Genomförs delvis inom ram. Inkluderas i budgetarbetet 2022 för ökad ambitionsnivå. Pågående.",
        "status": "Pågår",
        "kommentar": "",
        "beslut": "Vidareutvecklad och förtydligad i flera åtgärder 2022.",
    },
    {
        "id": "5.6",
        "atgard": "Reservera tider i idrottshallar för lokal verksamhet",
        "beskrivning": "Syftet är att underlätta för, och stärka, de föreningar som bedriver lokal verksamhet eftersom de är viktiga för områdena. Till och med 2022 kommer fyra nya idrottshallar tas i bruk vilket möjliggör åtgärden.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Genomförs inom ram. Genomförandet startar hösten 2021 och beräknas vara genomfört fullt ut till hösten 2022.",
        "status": "Pågår",
        "kommentar": "",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "5.7",
        "atgard": "Möjliggör uthyrning av skollokaler för fritidsaktiviteter eller föreningar",
        "beskrivning": "Möjliggör uthyrning av skollokaler kvällstid till andra aktörer som föreningar, studieförbund eller kommunens fritidsverksamhet. Stora möjligheter finns kring praktiskt/estetiska lokaler som finns på Skäggetorpsskolan. Genomförs i samverkan med KoF.",
        "omrade": "Skäggetorp",
        "ansvarig": "UAF",
        "finansiering": "Genomförs inom ram. Påbörjas 2021.",
        "status": "Pågår",
        "kommentar": "Arbete pågår med översyn av larm/lås som möjliggör uthyrning av del av skolors lokaler. Både befintliga lokaler samt vid ny- och ombyggnation.",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "5.8",
        "atgard": "Samverka för att fylla lediga lokaler med fritids- eller föreningsverksamhet",
        "beskrivning": "Kartlägga behov av lokaler för fritidsverksamhet eller föreningsverksamhet i områdena. Samverkan med fastighetsägarna för att matcha behoven med ledigt utbud. Genomförs i samverkan med Stångåstaden med flera.",
        "omrade": BRS,
        "ansvarig": "KoF",
        "finansiering": "Genomförs inom ram. Pågående.",
        "status": "Pågår",
        "kommentar": "",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
    {
        "id": "5.9",
        "atgard": "Utred förutsättningarna för att bygga aktivitetsfunktioner på parkmark, exempelvis en dansbana i Skäggetorp",
        "beskrivning": "Förutsättningarna för att bygga aktivitetsfunktioner på parkmark som exempelvis en dansbana ska utredas. Syftet är att skapa en plats för möten och ökad vuxenaktivitet utomhus, platsen ska kunna nyttjas av föreningar på olika sätt. Utredningen genomförs i samverkan mellan KoF, MoS och Lejonfastigheter.",
        "omrade": "Skäggetorp",
        "ansvarig": "KoF",
        "finansiering": "Inkluderas i budgetarbetet 2022. KoF och MoS. 2022.",
        "status": "Ej genomförd",
        "kommentar": "Ska ske tillsammans med den planerade modernisering och upprustningen av aktivitetsparken/stadsdelsparken i Skäggetorp 2022/2023 som MoS ansvarar för.",
        "beslut": "Ingår i åtgärd om upprustning av aktivitetspark i Skäggetorp 2022.",
    },
    {
        "id": "5.10",
        "atgard": "Utveckla Glyttingebadet",
        "beskrivning": "Badet ligger geografiskt placerat mellan Ryd och Skäggetorp och kan nå många. Genomförs i samverkan med föreningslivet.",
        "omrade": "Ryd",
        "ansvarig": "KoF",
        "finansiering": "Planering 2020. Genomförande 2022 om finansiering finns. Inkluderas i budgetarbetet 2022",
        "status": "Pågår",
        "kommentar": "",
        "beslut": "Vidmakthållen åtgärd 2022.",
    },
]


def development_area(measure_id: str) -> int:
    """Return the utvecklingsområde (1-5), i.e. the number before the dot."""
    return int(measure_id.split(".", 1)[0])


def validate(measures: list[Measure]) -> None:
    """Fail loudly on structural mistakes in the transcription."""
    ids = [m["id"] for m in measures]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate measure ids")
    for m in measures:
        if m["status"] not in STATUSES:
            raise ValueError(f"{m['id']}: unknown status {m['status']!r}")
        if development_area(m["id"]) not in range(1, 6):
            raise ValueError(f"{m['id']}: bad utvecklingsområde")


def row_values(measure: Measure) -> list[str | int]:
    """Values for one sheet row, in COLUMNS order."""
    derived: dict[str, str | int] = {
        "Utvecklingsområde": development_area(measure["id"]),
        "Plan": PLAN,
        "Uppföljningsår": FOLLOW_UP_YEAR,
    }
    values: list[str | int] = []
    for header, key, _width in COLUMNS:
        values.append(derived[header] if key is None else measure[key])  # type: ignore[literal-required]
    return values


def build_workbook(measures: list[Measure]) -> Workbook:
    """Create the workbook with one formatted sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME

    headers = [header for header, _key, _width in COLUMNS]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)

    for measure in measures:
        ws.append(row_values(measure))

    id_col = headers.index("Id") + 1
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            header = headers[cell.column - 1]
            cell.alignment = Alignment(vertical="top", wrap_text=header in WRAP_COLUMNS)
            if cell.column == id_col:
                cell.number_format = "@"

    for idx, (_header, _key, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = width

    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions

    props = wb.properties
    props.creator = "Indikatorpanelen"
    props.lastModifiedBy = "Indikatorpanelen"
    props.title = "Uppföljning av åtgärdsplan mot segregation 2021"
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    """Serialise the workbook deterministically.

    openpyxl's ``save`` stamps the current time into the modified property
    and the zip entries, so write via ExcelWriter and repack the archive
    with fixed entry timestamps.
    """
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()

    out = io.BytesIO()
    stamp = FIXED_TIMESTAMP.timetuple()[:6]
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    validate(MEASURES)
    wb = build_workbook(MEASURES)
    OUTPUT_PATH.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT_PATH.write_bytes(workbook_bytes(wb))
    print(f"Wrote {len(MEASURES)} measures to {OUTPUT_PATH.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
