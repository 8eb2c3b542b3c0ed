#!/usr/bin/env python3
"""gencorpus.py - generate the labeled spamscore corpus (pages + labels.jsonl).

Usage:
  gencorpus.py OUTDIR [--seed N] [--pages N] [--spam-share F] [--vocab train|heldout]

Writes OUTDIR/labels.jsonl and OUTDIR/pages/NNNN-<layout>.html|.txt. The
output depends only on the arguments (same arguments, byte-identical corpus).

Every page is a plausible news page drawn from one article generator (topics,
templates and word banks), rendered in one of several layouts. Spam pages get
injections in the style of republished-news spam: an invented brand prefixed to
the headline and spliced into the body, a fake site-name suffix, a slogan line,
like counters, off-topic link lists and promotional headlines. Honest pages
get honest widgets and the hard honest cases (label and person headlines before
a colon, finance articles about strategies and exchanges, a company named once).

Every vocabulary list that shapes an injection (brand parts, site-name parts,
slogans, promotional templates, investment bodies, widget headings, like
counters, person names, headline labels, off-topic headline templates) is
split into a TRAIN part and a disjoint HELDOUT part; --vocab picks one. The
article generator itself is shared, so that a held-out corpus tests whether a
model generalizes to brands, templates and headings it never saw.

All text is invented for this project. Stdlib only.
"""
import argparse
import hashlib
import html
import json
import os
import re
import random
import sys

# ---------------------------------------------------------------------------
# Vocabulary split
# ---------------------------------------------------------------------------

HELDOUT_SHARE = 30  # percent of each list that goes to the held-out side


def split_list(name, items, side):
    """Returns the TRAIN or HELDOUT part of a list, deterministically.

    An item goes to HELDOUT when the md5 of "name:item" falls in the first
    HELDOUT_SHARE percent; the two parts are disjoint and both non-empty.
    """
    items = list(dict.fromkeys(items))
    scored = sorted(items, key=lambda x: hashlib.md5(
        ("%s:%s" % (name, x)).encode()).hexdigest())
    k = max(1, (len(scored) * HELDOUT_SHARE + 50) // 100)
    held = set(scored[:k])
    part = [x for x in items if (x in held) == (side == "heldout")]
    assert part, name
    return part


# Brand and site-name parts. The brands, site names, slogans and promo names of
# the hand-written pages in tests/data/pages and examples/ are left out of all
# lists, so those pages stay unseen by a model trained on the corpus. Brands: syllable + syllable (+ suffix word), or a
# single invented word.
SYL_A = """Rek Bri Cal Dor Ely Fen Gal Hal Ist Jor Kel Lum
Mer Nov Orl Pra Qua Ros Sol Tor Ulv Vex Wyn Xan Yor Zar Ald Bex Cor Dra Eon
Fal Gry Hex Ith Jun Kor Lyr Mox Nex Oph Pyr Rav Syl Tav Umb Vir Wex Yal Zol
Ark Bal Cyn Dex Est Fir Gol Hav Ior Kav Lor Myr Nim Ost Per Riv Sev Tal Vel
Ner Sab Tro Ven Ast Bor Cel Dav Fae Gir Hol Kry Lax Mav Nal Orb Pel Quin Ruv""".split()
SYL_B = """ilo ora ion ex ant ara ium onix ella eron
ova ix ano adia ura esto ivo enza ora ari ulon ence ify ica ano esk ith ory
axis onia ilo ura ide ant enna iro elta una avi ore ida ux ino ema amo
ester ivia orix anta ellis ovo ari etto ima urn alis ando ora ique on""".split()
BRAND_SUFFIX = """Exchange Capital Finance Trade Pro Hub Markets Global Invest
Wealth Fund Partners Securities Digital Coin Asset Group Prime Plus Bank
Ventures Holdings FX Quant Trust Crypto Chain Bridge Link Max One""".split()
SITE_WORD_A = """Next Golden Blue Iron Summit
Swift True Prime Steady Grand Open Wide High Star Sun Stone Oak Pine River
Cedar Falcon Eagle Maple Crest Delta Nova Apex Vertex Zenith Horizon Frontier
Beacon Compass Anchor Harvest Keystone Liberty Pioneer Sterling Titan""".split()
SITE_WORD_B = """Harbor field stone view point
bridge path way port mark light rise crest peak ridge haven vale""".split()
SITE_SUFFIX = """Finance Capital Trade Markets Exchange Invest Wealth Money
Economy Fortune Asset Funds Profit Business""".split()

# Slogans: adjective + noun ("Surpassing View" style).
SLOGAN_ADJ = """Soaring Lofty Vivid
Eternal Golden Brilliant Infinite Serene Rising Noble Glorious Majestic Bold
Distant Supreme Luminous Steadfast Daring Splendid Tranquil Vast Ascending
Sparkling Timeless Unbounded Crystal Sublime Gallant Blazing Peerless""".split()
SLOGAN_NOUN = """View Vista Horizon Outlook Sight Prospect Scene Panorama Glance
Vision Lookout Perspective Landscape Dawn Skyline""".split()

# Like counters: label glued to a platform name, then a count.
COUNTER_PLATFORM = """Facebook Twitter Line WeChat Weibo Telegram WhatsApp
Reddit Pinterest LinkedIn Tumblr QQ""".split()
COUNTER_SHAPES = [
    "{p}veryGood! ({n})", "{p}Great! ({n})", "veryGood! ({n})",
    "{p}Nice! ({n})", "{p}veryGood!({n})", "{p}Good! ({n})",
    "Like veryGood! ({n})", "{p}Awesome! ({n})", "{p}Excellent! ({n})",
    "Support ({n}) {p}", "{p}Wow! ({n})", "{p}Perfect! ({n})",
    "{p}Cool! ({n})", "{p}Amazing! ({n})",
]

# Widget headings: used by junk lists on spam pages and by honest lists on
# honest pages alike, so the heading word is no label cue by itself.
WIDGET_HEADINGS = """Related|Ranking|Recommendation|Hot News|Trending|You may
also like|Editor's picks|Popular|Top Stories|Must Read|Latest|Don't Miss|
Recommended|Hot Topics|Featured|Highlights|Top Picks|Today's Picks|Hot List|
More Stories|In Case You Missed It|Spotlight|Picks for You|Most Viewed|
What's Hot|Readers Also Liked|Top Reads|Also Read|Selected|Weekly Ranking|
Daily Ranking|Hot Searches|Also on the site|Around the Web""".replace("\n", " ")
WIDGET_HEADINGS = [h.strip() for h in WIDGET_HEADINGS.split("|")]
# Honest-only list headings (site boilerplate on real news sites).
HONEST_HEADINGS = """Most read|Most popular|More on this story|More from
the newsroom|Related coverage|Read more|More headlines|Latest news|In other
news|Also in the news|Top headlines|More local news|Today's top stories|
Related stories|Further reading|What others are reading""".replace("\n", " ")
HONEST_HEADINGS = [h.strip() for h in HONEST_HEADINGS.split("|")]

# Person names.
FIRST = """Orla Imogen Colm Adaeze Lionel
Beatrix Hamish Rosalind Desmond Solveig Priyanka Winifred Ambrose Gus Barnaby
Constance Felicity Juniper Marcus Harriet Nadia Renata Samuel Lorraine
Marisol Everett Dana Halvard Per Theodora Malcolm Ignatius Cordelia Wendell
Augustin Bettina Cyrus Dorothea Emeric Fiona Gideon Hollis Ingrid Jasper
Kerensa Leopold Mirela Nathaniel Odile Percival Quentin Rowena Silas Tamsin
Ulrich Viveka Warrick Xenia Yusuf Zelda Anselm Briony Caspian Delphine Ezra
Florian Greer Horatio Isolde Jonah Kasimir Linnea Magnus Noor Oskar Petra
Rafferty Saoirse Tobias Una Valentin Wilhelmina Yvette Zoltan Amara Bastian
Celeste Dmitri Esme Fabian Gwendolyn Hector Ilse Joaquin Katya Lucian Mabel
Nico Ottilie Pascal Romilly Stellan Thea Vaughn Wren Aurelio Birgit Clement
Dagny Emrys Farrah Gustavo Hester Ivo Jolene Kwame Leocadia Mateus Nell
Osric Philippa Reuben Sunniva Tancredi Ursula Vesna Wolfe Yara Zeke""".split()
LAST = """Quintero Lindqvist
Whitcombe Brekke Solheim Okonkwo Arredondo Begay Hartsfield Ferriter Quill
Ferreira Okafor Perrault Chastain Lomeli Abernathy Vance Achterberg Oyelaran
Amundsen Ramaswamy Calder Fitzwilliam Tilley Arvidson Kettleworth Pruitt
Marchetti Okonjo Lindgren Vukovich Petrakis Haugen Blackwood
Castellanos Dunmore Eriksen Fairbanks Galloway Holloway Ingersoll Jaramillo
Kowalczyk Lachance Montague Nakashima Oduya Pemberton Quarles Rasmussen
Stroud Thibodeaux Underhill Valdivia Wexler Yamamoto Zielinski Ambrose
Bancroft Carrasco Delacroix Esposito Farnsworth Gunnarsson Hathaway Iwasaki
Jablonski Kincaid Lockhart Moreau Nkemelu Ostrowski Pendleton Quimby
Rutherford Santangelo Tremblay Urquhart Villanueva Whitfield Youngblood
Zamora Achebe Brannigan Cordova Dworkin Ellsworth Fontaine Grimaldi Hollins
Ivanova Jorgensen Kavanagh Larkin Mwangi Novak Ortega Prescott Rourke Sandoval
Talbot Umbridge Vasquez Winslow Abernethy Bellweather Crowther Devereux
Eastwood Fairweather Goldberg Harrow Inglewood Juarez Kettering Lowell
Maddox Northcott Oyelowo Parrish Radcliffe Sinclair Thornbury Upton Voss
Wakefield Yardley""".split()

# Promotional headline templates ({name} is a person name).
PROMO_TEMPLATES = [
    "{name}: The most {sup} {num} strategy of the {period}, {promise}!",
    "{name}: The most {sup} {num} trading system in history, {promise}!",
    "{name}: Appointed {role} of the {org}",
    "{name}: Named {role} of the {org}, {promise}",
    "{name}: How I turned {money} into {money2} in {span} with one {adj} system",
    "{name}: Earn {money} a day with the {adj} {method}, zero risk!",
    "{name} named {role} of the {org}, promises {pct}% monthly returns",
    "{name}: The {adj} {num} system beginners use to double their savings",
    "{name}: {pct}% returns every week, backed by the {org}",
    "{name} reveals the {num} trading secret banks do not want you to know",
    "{name}: The only {method} you will ever need, {promise}!",
    "{name}: Join the {org} today and retire in {span}",
    "{name}: The {sup} {num} formula, {pct}% profit guaranteed",
    "{name}: Why the {org} chose my {method}, {promise}",
    "{name}: From zero to {money2} with the {num} method, {promise}!",
    "{name} takes office as {role} of the {org}, predicts {pct}% gains",
    "{name}: The {num} strategy that never loses, {promise}!",
    "{name}: Smart money follows the {adj} {method}, returns of {pct}% a month",
    "{name}: Exclusive seats open in the {org}, {promise}",
    "{name}: My {num} plan beat the market {count} years in a row, {promise}!",
]
PROMO_SUP = """perfect reliable stable profitable powerful accurate successful
proven trusted secure consistent brilliant dependable efficient""".split()
PROMO_PROMISE = ["stable and safe", "guaranteed and safe", "safe and steady returns",
                 "no risk at all", "steady profits every day", "safe and reliable",
                 "risk-free and stable", "huge returns guaranteed",
                 "secure and profitable", "stable profits for everyone",
                 "profit without risk", "zero losses guaranteed",
                 "double your money safely", "certain and secure gains"]
PROMO_METHOD = [m.replace("_", " ") for m in ["trading_method", "investment_plan",
                "crypto_formula", "profit_model", "wealth_system", "quant_strategy",
                "arbitrage_plan", "signal_service", "options_blueprint",
                "dividend_machine", "futures_playbook", "coin_rotation_method"]]
PROMO_ROLE = ["chief strategist", "honorary chair", "executive director",
              "senior adviser", "chief investment officer", "lifetime president",
              "chief analyst", "founding chairman", "global ambassador",
              "head of research", "vice chairman", "special envoy"]
ORG_A = """Global International World Asian Pacific Atlantic United Royal
Continental Federal Imperial Allied Premier Central Transnational
Intercontinental""".split()
ORG_B = ["Digital Currency", "Crypto Fortune", "Quantitative Finance", "Blockchain Investment",
         "Wealth Management", "Financial Innovation", "Smart Trading",
         "Fintech Investors", "Private Equity", "Asset Security", "Token Economy",
         "Capital Growth"]
ORG_C = """Council Alliance Association Federation Institute Commission Union
Society Forum League Consortium Board""".split()

# Genuine labels before a colon in honest headlines.
HEADLINE_LABELS = ["Analysis", "Live updates", "Explainer", "Opinion", "Exclusive",
                   "Fact check", "Watch", "Update", "Photos", "Editorial",
                   "Review", "Q&A", "Commentary", "Breaking", "Poll",
                   "Timeline", "Live", "Perspective", "Obituary", "Letters"]
HEADLINE_LABELS.remove("Q&A")  # keep '&' out of visible text

# Honest company-name suffixes (brand named once because the article is about
# the company); includes finance words so the suffix is no label cue.
COMPANY_SUFFIX = """Robotics Foods Health Energy Logistics Pharmaceuticals Bank
Capital Partners Materials Solar Motors Outfitters Dairy Biosciences Software
Airlines Brewing Textiles Insurance Semiconductors Hospitality""".split()

# Honest site names.
NEWS_PLACE = """Valley Lakeshore Riverbend Hollow Creek Prairie Meridian Ohio
River Northern Coastal Harbor Bay Mountain Plains Pine County Tri-City Capital
Eastside Westside Highland Canyon Mesa Delta Sound Bluegrass Granite""".split()
NEWS_KIND = ["Ledger", "Courier", "Gazette", "Times", "Daily News", "Tribune",
             "Herald", "Public Radio", "Sentinel", "Observer", "Post", "Journal",
             "Chronicle", "Register", "Press", "Record", "Beacon", "Star",
             "Dispatch", "Examiner"]

# Off-topic list headlines (celebrity, sports, lifestyle, national news):
# what junk lists on spam pages are made of. {person} is an invented name.
OFFTOPIC_TEMPLATES = [
    "{person} opens up about life after {pastime} in new memoir",
    "Pop duo announces farewell tour after {n} decades of chart hits",
    "{person} reveals engagement during live finale",
    "Reality star {person} shares emotional update with fans",
    "{product} recalled nationwide over possible contamination",
    "Streaming service raises prices for the {ord} time in a year",
    "What to know before buying a used {vehicle} this {season}",
    "{n2} easy {food} recipes for busy weeknights",
    "Airline passengers stranded overnight after runway closure in {city}",
    "Rookie {position} scores {big} in breakout performance",
    "Veteran {position} agrees to record contract extension",
    "{person} remembers late co-star: 'She taught me everything'",
    "How to watch the {event} without cable",
    "Singer {person} cancels remaining tour dates citing vocal strain",
    "Why {finance_thing} could fall again next month",
    "Zoo welcomes twin {animal} cubs after long breeding effort",
    "Man rescued after {n2} nights stranded on {terrain}",
    "Movie sequel tops weekend box office for {ord} straight week",
    "Tech giant faces new antitrust lawsuit in {region}",
    "Couple wins lottery jackpot with numbers from {oddsource}",
    "Country singer {person} announces new album and stadium tour",
    "Comedian returns to late-night stage after health scare",
    "Travel experts share the cheapest weeks to fly this {season}",
    "Study finds teenagers {teen_finding} than a decade ago",
    "Goalkeeper's late blunder costs club a place in the final",
    "Discount retailer to close {big} stores nationwide",
    "Television host {person} returns after medical leave",
    "Fans line up overnight for limited {product2} release",
    "Former child star {person} lists hillside home for sale",
    "Boxer stuns champion with {ord}-round knockout",
    "Heat wave breaks records across the {region2}",
    "{n2} houseplants that are almost impossible to kill",
    "Celebrity couple quietly finalizes divorce after {n2} years of marriage",
    "Cruise ship passengers fall ill on weeklong voyage",
    "Volcano on remote island erupts for the {ord} time this year",
    "Basketball legend {person} inducted into hall of fame",
    "{person} stuns fans with surprise appearance at awards show",
    "Doctors say this common habit may be hurting your sleep",
    "Tennis star {person} withdraws from semifinal with wrist injury",
    "Beloved sitcom returns for reunion special this {season}",
    "The {n2} best budget {gadget} you can buy right now",
    "Chef behind viral sandwich shop plans second location",
    "Spoilers: does the big season finale twist signal a spinoff?",
    "Police search for suspect after jewelry store robbery in {city}",
    "{person} says goodbye to hit show after {n2} seasons",
    "Inside the secret menu items fast-food fans swear by",
]
OFFTOPIC_SLOTS = {
    "pastime": ["football", "the stage", "the spotlight", "music", "politics", "hockey"],
    "product": ["Frozen berries", "Bagged salad", "Peanut butter", "Baby formula",
                "Ground beef", "Cheese dip"],
    "product2": ["sneaker", "toy", "collector's coin", "game console", "cookie"],
    "vehicle": ["electric car", "pickup truck", "minivan", "hybrid"],
    "season": ["spring", "summer", "fall", "winter"],
    "food": ["sheet-pan", "slow-cooker", "pasta", "soup", "salad"],
    "position": ["guard", "quarterback", "striker", "pitcher", "forward", "shortstop"],
    "event": ["season premiere", "awards show", "title game", "royal wedding",
              "cooking competition final"],
    "finance_thing": ["mortgage rates", "gas prices", "egg prices", "airfares"],
    "animal": ["red panda", "snow leopard", "tiger", "lion", "cheetah"],
    "terrain": ["a mountain trail", "a sandbar", "a frozen lake", "a desert road"],
    "region": ["Europe", "Asia", "Canada", "Brazil"],
    "region2": ["Southeast", "Midwest", "Southwest", "Pacific Northwest"],
    "oddsource": ["a fortune cookie", "a dream", "their wedding date", "a license plate"],
    "teen_finding": ["sleep less", "read fewer books", "drive less", "spend more time online"],
    "gadget": ["headphones", "laptops", "air fryers", "robot vacuums", "smartwatches"],
}

# ---------------------------------------------------------------------------
# Places and shared article word banks (not split: the article generator is
# the same for every corpus)
# ---------------------------------------------------------------------------

CITIES = [
    ("Sacramento", "California"), ("Fresno", "California"), ("Spokane", "Washington"),
    ("Tacoma", "Washington"), ("Boise", "Idaho"), ("Tucson", "Arizona"),
    ("Flagstaff", "Arizona"), ("Albuquerque", "New Mexico"), ("El Paso", "Texas"),
    ("Lubbock", "Texas"), ("Corpus Christi", "Texas"), ("Tulsa", "Oklahoma"),
    ("Wichita", "Kansas"), ("Omaha", "Nebraska"), ("Duluth", "Minnesota"),
    ("Rochester", "Minnesota"), ("Fargo", "North Dakota"), ("Sioux Falls", "South Dakota"),
    ("Madison", "Wisconsin"), ("Green Bay", "Wisconsin"), ("Des Moines", "Iowa"),
    ("Springfield", "Illinois"), ("Peoria", "Illinois"), ("Grand Rapids", "Michigan"),
    ("Lansing", "Michigan"), ("Toledo", "Ohio"), ("Dayton", "Ohio"),
    ("Fort Wayne", "Indiana"), ("Louisville", "Kentucky"), ("Knoxville", "Tennessee"),
    ("Chattanooga", "Tennessee"), ("Birmingham", "Alabama"), ("Mobile", "Alabama"),
    ("Jackson", "Mississippi"), ("Baton Rouge", "Louisiana"), ("Shreveport", "Louisiana"),
    ("Little Rock", "Arkansas"), ("Savannah", "Georgia"), ("Macon", "Georgia"),
    ("Tallahassee", "Florida"), ("Pensacola", "Florida"), ("Charleston", "South Carolina"),
    ("Asheville", "North Carolina"), ("Raleigh", "North Carolina"), ("Roanoke", "Virginia"),
    ("Richmond", "Virginia"), ("Scranton", "Pennsylvania"), ("Erie", "Pennsylvania"),
    ("Albany", "New York"), ("Syracuse", "New York"), ("Burlington", "Vermont"),
    ("Portland", "Maine"), ("Manchester", "New Hampshire"), ("Worcester", "Massachusetts"),
    ("Hartford", "Connecticut"), ("Providence", "Rhode Island"), ("Billings", "Montana"),
    ("Missoula", "Montana"), ("Casper", "Wyoming"), ("Reno", "Nevada"),
    ("Provo", "Utah"), ("Pueblo", "Colorado"), ("Anchorage", "Alaska"),
    ("Hilo", "Hawaii"), ("Eugene", "Oregon"), ("Bend", "Oregon"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
NUMWORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve"]
ORDS = ["second", "third", "fourth", "fifth"]

# ---------------------------------------------------------------------------
# Article topics. Template syntax: {slot} from the article context, [a|b|c]
# picks one alternative. Ledes follow the dateline "City, State — ".
# Context slots always present: city state day day2 month year p1..p5 (full
# names) l1..l5 (last names) n n2 (number words) num big pct money ord.
# ---------------------------------------------------------------------------

TOPICS = [
 {"name": "weather",
  "slots": {"storm": ["a powerful winter storm", "a line of severe thunderstorms",
                      "an atmospheric river", "a slow-moving tropical storm",
                      "a late-season blizzard", "a record heat wave"],
            "hazard": ["flooding", "power outages", "downed trees"],
            "agency": ["the National Weather Service", "the county emergency management office",
                       "the state transportation department", "the local utility"]},
  "slotsets": [
   {"storm": ["a powerful winter storm", "a late-season blizzard", "an ice storm"],
    "hazard": ["icy roads", "power outages", "drifting snow", "whiteout conditions"]},
   {"storm": ["an atmospheric river", "a slow-moving tropical storm",
              "a line of severe thunderstorms"],
    "hazard": ["flooding", "downed trees", "mudslides", "power outages"]},
   {"storm": ["a record heat wave", "a stretch of triple-digit heat"],
    "hazard": ["heat illness", "power outages", "strained power grids"]}],
  "headlines": ["Crews brace for {hazard} as {storm} nears {city}",
                "{storm_cap} leaves thousands without power around {city}",
                "Forecasters warn of {hazard} as {storm} moves across {state}",
                "{city} opens shelters ahead of {storm}",
                "Cleanup begins after {storm} sweeps through {state}"],
  "ledes": ["Emergency crews across the {city} area spent {day} preparing for {storm} expected to arrive by {day2}, stacking sandbags, clearing storm drains and positioning equipment in neighborhoods that flooded last year, officials said.",
            "{storm_cap} swept through {state} on {day}, bringing {hazard} to much of the region and forcing schools and businesses in and around {city} to close early, according to {agency}.",
            "Residents of {city} were urged to stay off the roads on {day} as {storm} moved into the region, with forecasters warning of {hazard} through at least {day2}."],
  "body": ["Forecasters said the heaviest conditions were expected overnight, with [gusts above 50 mph|up to {num} inches of rain|temperatures well below zero] in some areas.",
           "Utility crews reported about {big} customers without power by late afternoon, most of them in rural areas where [falling limbs|ice|high winds] brought down lines.",
           "The county opened {n} warming and cooling centers and asked residents to check on elderly neighbors, especially those who live alone.",
           "School districts in {city} and surrounding towns canceled [after-school activities|classes|evening events] and said they would decide about {day2} by early morning.",
           "Road crews pre-treated highways and bridges, and the state transportation department said {num} plows and sand trucks were ready to work in shifts around the clock.",
           "Officials said the ground was already saturated from earlier storms, which raises the risk that even moderate rain could cause creeks and rivers to overflow.",
           "Farmers moved livestock and equipment to higher ground, and some ranchers said they had learned from last year to stock extra feed before the weather turned.",
           "The storm is the {ord} major weather event to hit the region this season, and state officials have asked for federal help to pay for earlier repairs.",
           "Hospitals reported a handful of injuries, mostly from falls and traffic crashes, but no deaths had been confirmed as of {day} evening."],
  "quotes": ["\"We are not seeing anything that alarms us yet, but the next day or two will tell,\" said {p1}, {role1}.",
             "\"If you do not have to be on the road, please stay home,\" {p2}, {role2}, said at a briefing.",
             "\"We have been through this before, and we know what to do,\" said {p3}, who has lived in {city} for {n} decades."],
  "closers": ["Conditions are expected to improve by the weekend, although colder air will follow the storm.",
              "Officials asked residents to sign up for emergency alerts and to report outages to their utility rather than to 911.",
              "A full damage assessment is expected later this week."],
  "roles": ["a meteorologist with the National Weather Service", "the county's emergency manager",
            "a spokesperson for the state transportation department", "a district engineer"],
  "related": ["What to do if your power goes out during {storm}",
              "{city} schools announce schedule changes for {day2}",
              "How forecasters track {storm}",
              "Photos: {storm} in {state}",
              "Road closures and conditions around {city}"],
  "tags": ["Weather", "{city}", "Emergency management", "Storms", "{state}"]},

 {"name": "politics",
  "slots": {"bill": ["paid family leave", "short-term rental limits", "a school cellphone ban",
                     "a statewide plastic bag fee", "broadband grants for rural towns",
                     "a cap on insulin costs", "new tenant protections",
                     "a child care tax credit", "stricter rules for e-bikes"],
            "chamber": ["Senate", "House", "Assembly"]},
  "headlines": ["p:{state} {chamber} passes bill on {bill} after long debate",
                "p:Lawmakers send {bill} measure to governor",
                "p:Governor weighs veto of {bill} as session nears end",
                "c:Committee advances plan for {bill} on party-line vote",
                "d:Deal on {bill} falls apart in final hours of session"],
  "ledes": ["p:The {state} {chamber} voted {v1}-{v2} on {day} to approve a bill that would create {bill}, sending the measure to the governor after more than {n} hours of debate.",
            "d:Negotiations over {bill} collapsed in {state} on {day}, hours before the end of the legislative session, after leaders of the two parties failed to agree on how to pay for it.",
            "c:A legislative committee in {state} advanced a proposal for {bill} on {day}, setting up a floor vote next week on one of the most debated measures of the session."],
  "body": ["Supporters said the measure would help families who have struggled with rising costs, while opponents warned it would burden small businesses and local governments.",
           "The bill's sponsor, state Sen. {p1}, said she had changed the proposal {n} times in response to concerns from business groups and local officials.",
           "A fiscal analysis estimated the program would cost about {money} in its first year, to be paid from [the general fund|a new fee|federal grants].",
           "The vote largely followed party lines, although {n} members of the minority crossed over to support the final version.",
           "Several amendments were rejected, including one that would have delayed the law's start date by a year and another that would have exempted rural counties.",
           "Advocacy groups packed the hearing room, and more than {num} people signed up to testify over two days of public comment.",
           "The governor has not said whether she will sign the bill, but her office said she supports its goals and would review the final language.",
           "Similar measures have passed in {n} other states in recent years, with mixed results, according to a national group that tracks state legislation.",
           "If signed, the law would take effect on Jan. 1, giving state agencies about six months to write rules and hire staff."],
  "quotes": ["\"This is about whether working people in {state} can get a fair shake,\" said {p1}, {role1}.",
             "\"I support the idea, but this bill is not ready,\" said {p2}, {role2}, who voted against it.",
             "\"We listened, we changed it, and we made it better,\" {p3}, {role3}, said after the vote."],
  "closers": ["The session is scheduled to end on {month} {num}.",
              "Lawmakers are expected to take up the state budget next week.",
              "The governor has {n} days to act on the bill once it reaches her desk."],
  "roles": ["the bill's lead sponsor", "the ranking member of the committee", "a first-term legislator",
            "the Senate majority leader", "a lobbyist for a statewide business group"],
  "related": ["What {bill} would mean for {state} families",
              "Governor's office reviews {bill} measure",
              "{state} lawmakers enter final week of session",
              "Business groups lobby against {bill}"],
  "tags": ["Politics", "{state} Legislature", "State government", "{state}"]},

 {"name": "courts",
  "slots": {"charge": ["bribery", "wire fraud", "embezzlement", "tax evasion",
                       "obstruction of justice", "misusing public funds"],
            "defendant_role": ["a former county treasurer", "a former city council member",
                               "a former school district official", "a former hospital executive",
                               "the owner of a construction company"]},
  "headlines": ["s:Former official sentenced to {num} months in {charge} case",
                "c:Jury convicts {defendant_role} of {charge}",
                "d:Judge delays trial of {defendant_role} accused of {charge}",
                "s:Appeals court upholds conviction in {city} {charge} case",
                "c:Prosecutors say {defendant_role} hid money in {charge} scheme"],
  "ledes": ["s:A federal judge in {city} on {day} sentenced {defendant_role} to {num} months in prison for {charge}, capping a case that prosecutors said involved years of deception.",
            "c:A jury in {city} found {defendant_role} guilty of {charge} on {day} after deliberating for about {n} hours, according to court records.",
            "d:The trial of {defendant_role} charged with {charge} was postponed again on {day}, the {ord} delay in a case that has dragged on for more than a year."],
  "body": ["Prosecutors said the scheme began in {year} and involved at least {money} in payments routed through [a shell company|relatives' bank accounts|a consulting firm].",
           "The defendant's lawyer argued that the payments were legitimate fees and that investigators had misread the records.",
           "The judge said the sentence reflected the damage done to public trust, noting that the defendant had held positions of responsibility for more than a decade.",
           "Several witnesses testified that they had been pressured to approve contracts without the usual review.",
           "In addition to prison time, the judge ordered the defendant to pay {money} in restitution and to serve {n} years of supervised release.",
           "The case grew out of a state audit that flagged irregular spending, which was referred to federal investigators in {year}.",
           "Defense attorneys said they planned to appeal, arguing that the jury instructions were flawed.",
           "Two other people charged in the case pleaded guilty earlier and agreed to cooperate with prosecutors."],
  "quotes": ["\"Public office is a public trust, and this defendant betrayed it,\" said {p1}, {role1}.",
             "\"We respectfully disagree with the verdict and will pursue every option,\" said {p2}, {role2}.",
             "\"The people of this community deserved better,\" {p3}, {role3}, said outside the courthouse."],
  "closers": ["The defendant must report to prison by {month} {num}.",
              "Sentencing is scheduled for {month}.",
              "A new trial date has not been set."],
  "roles": ["the U.S. attorney for the district", "the defense attorney", "a former colleague of the defendant",
            "the county's current treasurer"],
  "related": ["Timeline: the {charge} case in {city}",
              "Audit flagged irregular spending years before charges",
              "{city} officials promise new oversight after {charge} case",
              "Co-defendant pleads guilty in {charge} scheme"],
  "tags": ["Courts", "Crime", "{city}", "Public corruption"]},

 {"name": "crime",
  "slots": {"crime": ["catalytic converter thefts", "car break-ins", "package thefts",
                      "copper wire thefts", "burglaries at storage units", "shoplifting at pharmacies"],
            "place": ["parking lots", "apartment complexes", "church grounds", "shopping centers",
                      "construction sites"]},
  "headlines": ["a:Police arrest {n} in string of {crime} across {city}",
                "a:Detectives link {num} cases to crew behind {crime}",
                "t:{city} police see jump in {crime}, urge residents to take precautions",
                "a:Arrests made after months-long investigation into {crime}"],
  "ledes": ["a:Police in {city} arrested {n} people on {day} in connection with a string of {crime} that detectives say hit {place} across the metro area since last fall.",
            "t:{city} police said {day} that {crime} had risen sharply this year, with more than {num} cases reported at {place} since January.",
            "a:A months-long investigation into {crime} at {place} ended on {day} with arrests and the recovery of stolen property worth thousands of dollars, police said."],
  "body": ["The arrests came after surveillance of a storage unit where officers found tools, stolen goods and records of sales, according to a police statement.",
           "The suspects were booked into the county jail on charges including theft, trafficking in stolen property and criminal damage.",
           "Detectives said the group scouted locations in advance and usually worked in less than five minutes.",
           "Victims were left with repair bills of hundreds or thousands of dollars, and several small businesses said they had to close for a day.",
           "A state law passed last year requires scrap dealers and resellers to keep detailed records, which detectives said helped them trace several sales.",
           "Police urged residents to park in well-lit areas, to install cameras or alarms and to report suspicious activity right away.",
           "The department did not release the names of the suspects pending an initial court appearance.",
           "Among the victims was a nonprofit whose vans were disabled in a single night, forcing volunteers to use their own cars for weeks."],
  "quotes": ["\"These were not random crimes of opportunity,\" said {p1}, {role1}.",
             "\"We were thrilled to hear the news,\" said {p2}, {role2}.",
             "\"It feels like every week somebody on our street gets hit,\" said {p3}, a resident."],
  "closers": ["Anyone with information is asked to call the department's property crimes unit.",
              "The investigation is continuing, and more arrests are possible, police said.",
              "The suspects are scheduled to appear in court next week."],
  "roles": ["a police lieutenant", "the director of a local nonprofit", "the police chief",
            "a detective with the property crimes unit"],
  "related": ["How to protect your car from {crime}",
              "{city} police add patrols at {place}",
              "Property crime trends in {city}: what the numbers show"],
  "tags": ["Crime", "Police", "{city}", "Public safety"]},

 {"name": "business",
  "slots": {"industry": ["warehouse robots", "electric bus batteries", "frozen foods",
                         "medical devices", "solar panels", "wind turbine blades",
                         "kitchen cabinets", "pet food"],
            "site": ["a former auto parts factory", "an empty distribution center",
                     "a shuttered paper mill", "a new industrial park", "a vacant mall"]},
  "variants": [
   {"headlines": ["Maker of {industry} to open plant in {site} near {city}",
                  "{city} lands {big} jobs as {industry} company expands",
                  "Company behind {industry} picks {city} for new plant"],
    "ledes": ["A company that makes {industry} will open a plant in {site} near {city}, bringing about {big} jobs to a region that lost thousands of factory positions over two decades, officials announced {day}.",
              "State and local officials on {day} announced that a maker of {industry} had chosen {city} for a {money} expansion, the largest manufacturing investment in the area in years."],
    "body": ["The company said it would invest about {money} to renovate the building and install new production lines, with hiring expected to begin early next year.",
             "The state's economic development board approved tax credits tied to the number of jobs created and the wages paid.",
             "The average salary at the plant will be above the county median, officials said, and most positions will not require a college degree.",
             "The regional community college plans to add courses in electronics and maintenance tailored to the plant's needs.",
             "Analysts said demand for {industry} has grown quickly but that orders slowed last year as customers cut spending.",
             "Some residents raised concerns about truck traffic and noise, and the city council plans a public hearing on road improvements.",
             "The building has been empty since {year}, when its previous owner moved production out of state.",
             "Local officials said they had competed with sites in {n} other states for the project."],
    "quotes": ["\"For years people drove past that empty building and wondered if anything would happen there,\" said {p1}, {role1}.",
               "\"Good jobs change a town,\" said {p3}, {role3}.",
               "\"We looked at a lot of places, and this one had the people we need,\" said {p2}, {role2}."],
    "closers": ["Production is expected to start next fall.", "The company will hold job fairs in the spring."],
    "company_sentences": ["{company}, founded in {founded}, said it would invest about {money} over the next three years.",
                          "{company}, which was founded in {founded}, expects to hire about {big} people at the site.",
                          "{company} said the plant would be its largest outside its home state."],
    "company_headlines": ["{company} to open plant near {city}", "{company} picks {city} for new plant",
                          "{company} plans {money} expansion in {state}"]},
   {"headlines": ["Plant making {industry} to close, cutting {num} jobs in {state}",
                  "{city} workers brace for loss of {industry} plant",
                  "Maker of {industry} announces layoffs at {city} plant"],
    "ledes": ["A manufacturer of {industry} said {day} it would close its plant in {city} by the end of the year, eliminating about {num} jobs, as demand has slowed and costs have risen.",
              "Workers at a {city} plant that makes {industry} learned {day} that the factory will close next year, ending more than {n} decades of production there."],
    "body": ["Workers affected by the closing will receive severance and help finding new jobs, the company said in a notice filed with the state.",
             "The company said it would move production to a larger plant in another state where it has excess capacity.",
             "Analysts said demand for {industry} has grown more slowly than expected and that prices have fallen.",
             "The plant is one of the largest private employers in the county, and local officials said they would try to find a buyer for the building.",
             "The state's workforce agency will hold information sessions on unemployment benefits and retraining.",
             "Suppliers and restaurants near the plant said they expected to feel the loss.",
             "Union leaders said they had not been told the closing was coming and would seek talks with the company."],
    "quotes": ["\"This decision was not made lightly,\" said {p2}, {role2}.",
               "\"A lot of us have worked here our whole lives,\" said {p3}, who has worked at the plant for {n2} years.",
               "\"We will do everything we can to help these families,\" said {p1}, {role1}."],
    "closers": ["The plant is scheduled to close in {month}.", "Information sessions for workers begin next week."],
    "company_sentences": ["{company}, founded in {founded}, said the closing was part of a plan to consolidate production.",
                          "{company} said it would keep its research staff in the region.",
                          "{company}, which bought the plant in {year}, said it had tried for two years to find a buyer."],
    "company_headlines": ["{company} to close {city} plant", "{company} to cut {num} jobs in {state}",
                          "{company} confirms layoffs at {city} factory"]}],
  "roles": ["the mayor", "a company spokesperson", "the county's economic development director",
            "a union representative"],
  "related": ["{city} region's factory jobs: a look at the numbers",
              "Community college expands training programs",
              "What tax credits for new plants cost the state",
              "{state} unemployment rate falls again"],
  "tags": ["Business", "Jobs", "Manufacturing", "{city}"]},

 {"name": "health",
  "slots": {"issue": ["a measles outbreak", "rising flu cases", "a spike in whooping cough",
                      "a rise in RSV infections"],
            "facility": ["the regional medical center", "the children's hospital",
                         "the county hospital", "the university hospital"]},
  "variants": [
   {"headlines": ["Health officials respond to {issue} in {city}",
                  "What {issue} means for families in {state}",
                  "{city} clinics extend hours amid {issue}"],
    "ledes": ["Health officials in {city} said {day} they were responding to {issue}, opening extra clinic hours and asking residents to stay home when sick.",
              "The county health department in {city} confirmed {day} that the region is seeing {issue}, with cases concentrated among school-age children."],
    "body": ["About {num} cases have been reported since the start of the month, compared with {n} during the same period last year, health officials said.",
             "Public health nurses are visiting schools and child care centers to check records and offer [vaccines|screenings|information] to families.",
             "Doctors urged residents to keep up with routine vaccinations and to call their provider before going to an emergency room for mild symptoms.",
             "The state health department said it was tracking the situation closely and had sent additional supplies to the region.",
             "Most patients have recovered at home, but {n} were admitted to {facility}, officials said.",
             "Rural clinics have been hit especially hard, with some patients driving more than an hour for an appointment."],
    "quotes": ["\"We are asking people to do the simple things: wash your hands and stay home if you are sick,\" said {p2}, {role2}.",
               "\"Vaccination is still the best protection we have,\" said {p1}, {role1}."],
    "closers": ["The health department will update case counts weekly on its website.",
                "Officials expect cases to peak in the coming weeks."]},
   {"headlines": ["Nurses at {city} hospital approve new contract",
                  "Nurses at {facility} vote to authorize strike",
                  "Hospital and nurses reach tentative deal in {city}"],
    "ledes": ["Nurses at {facility} in {city} voted {day} to approve a new contract that raises wages and limits patient loads, ending the threat of a strike.",
              "Nurses at {facility} in {city} voted overwhelmingly on {day} to authorize a strike, saying staffing levels have put patients at risk."],
    "body": ["Under the contract, nurses will receive raises over three years, and a committee will review staffing every month.",
             "Health care labor disputes have become more common since the pandemic, as hospitals struggle with burnout and turnover.",
             "About {big} nurses are represented by the union, which has been bargaining with the hospital since last fall.",
             "The hospital said it had lined up replacement nurses from a staffing agency in case of a walkout.",
             "The most contested issue was staffing, with the union seeking limits on how many patients each nurse can be assigned.",
             "Nurses at {n} other hospitals in the state reached agreements with similar staffing provisions last year."],
    "quotes": ["\"This is about being able to give every patient the attention they deserve,\" said {p1}, an intensive care nurse.",
               "\"We are committed to safe, high-quality care,\" said {p2}, the hospital's chief executive."],
    "closers": ["The new contract takes effect next month.", "Talks are scheduled to resume next week."]}],
  "roles": ["the county health officer", "a pediatrician", "a nurse practitioner", "an epidemiologist"],
  "related": ["Where to get a free vaccine in {city}",
              "How {issue} compares with past years",
              "{facility_cap} adds weekend clinic hours",
              "Nurses' union outlines staffing demands"],
  "tags": ["Health", "Hospitals", "{city}", "Public health"]},

 {"name": "science",
  "slots": {"species": ["flammulated owls", "western pond turtles", "monarch butterflies",
                        "bull trout", "pika", "sage grouse", "freshwater mussels", "bats"],
            "habitat": ["burned pine forests", "mountain streams", "prairie wetlands",
                        "high alpine slopes", "river floodplains", "old-growth woods"],
            "school": ["the state university", "a regional research station", "a natural history museum"]},
  "headlines": ["r:Researchers count rising numbers of {species} in {habitat}",
                "d:Study finds {species} declining in {state}'s {habitat}",
                "t:Scientists tag {species} to learn how they use {habitat}",
                "t:Volunteers help track {species} in {habitat}"],
  "ledes": ["r:Biologists in {state} have recorded the highest number of {species} in more than a decade, a rebound that researchers link in part to changes in {habitat}, according to a report released {day}.",
            "d:A study by researchers at {school} found that {species} have declined sharply in {habitat} over the past {n} decades, raising concern among wildlife managers.",
            "t:Scientists from {school} spent {day} fitting {species} with lightweight tracking tags to learn how far they travel through {habitat}."],
  "body": ["Survey teams visited {num} sites {n} times during the season to reduce the chance of missing animals that were present but hard to detect.",
           "The researchers said changes in water temperature and vegetation appear to play a role, though more study is needed.",
           "Wildlife managers have used prescribed burns and habitat restoration in the area, and the findings suggest some of that work may be paying off.",
           "Not every species is faring as well; the same surveys found declines in {n} others that depend on older habitat.",
           "The project is funded by a federal grant and relies heavily on volunteers, including retirees and high school students.",
           "Data from the tags will show whether the same animals return to the same places year after year.",
           "The report recommends protecting corridors that connect patches of habitat so animals can move as conditions change.",
           "Similar studies in neighboring states have found comparable trends, the researchers said."],
  "quotes": ["\"When the numbers move this much, we pay attention,\" said {p1}, {role1}.",
             "\"It is a hopeful sign, but one good year does not make a trend,\" said {p2}, {role2}.",
             "\"Volunteers make this work possible,\" {p3}, {role3}, said."],
  "closers": ["The team plans to repeat the surveys next spring.",
              "The full report is available on the university's website.",
              "Results from the tracking study are expected next year."],
  "roles": ["an ecologist who led the surveys", "a wildlife program manager", "a biologist at {school}",
            "the project's volunteer coordinator"],
  "related": ["How scientists count {species}",
              "Restoration work begins in {habitat}",
              "Volunteers sought for spring wildlife surveys"],
  "tags": ["Science", "Wildlife", "Environment", "{state}"]},

 {"name": "education",
  "slots": {"plan": ["later start times for high schools", "a four-day school week",
                     "a new reading curriculum", "free breakfast for every student",
                     "a ban on phones during class", "year-round calendars"],
            "district": ["the {city} school district", "the county school board", "the regional school district"]},
  "headlines": ["a:School board approves {plan}",
                "d:Parents divided as {city} district weighs {plan}",
                "p:{city} schools to try {plan} next fall",
                "d:Teachers weigh in on {plan}"],
  "ledes": ["a:Students in {city} will see {plan} beginning next fall, after the school board voted {v1}-{v2} on {day} to approve the change.",
            "d:The school board in {city} heard more than {n} hours of public comment on {day} about {plan}, a proposal that has divided parents and teachers.",
            "p:{district_cap} will pilot {plan} at {n} schools next year, officials said {day}."],
  "body": ["The change follows two years of study by a committee of parents, teachers and students.",
           "Research has found that the change can improve attendance and grades, although results vary from district to district.",
           "To make the schedule work without more buses, elementary and middle schools will shift their times.",
           "Some parents of younger children objected, saying the change would be hard on families with long commutes.",
           "Coaches raised concerns about practice time, and the athletic department said it would work with other districts to adjust schedules.",
           "The district estimates the plan will cost about {money} a year, mostly for staff and transportation.",
           "Students who spoke at the meeting mostly supported the proposal.",
           "The teachers union said it would survey members before taking a position."],
  "quotes": ["\"This is a decision about health and learning,\" said {p1}, {role1}.",
             "\"I think a lot of people will actually show up on time,\" said {p2}, {role2}.",
             "\"We want to get this right, not fast,\" said {p3}, {role3}."],
  "closers": ["The change takes effect in September.",
              "The board will review the results after one year.",
              "A final vote is expected next month."],
  "roles": ["the board chair", "a junior at the high school", "the superintendent", "a parent of two"],
  "related": ["What {plan} means for families",
              "Survey: most parents support {plan}",
              "Neighboring districts report results of schedule changes"],
  "tags": ["Education", "Schools", "{city}"]},

 {"name": "local",
  "slots": {"project": ["a public market in the old rail depot", "new bike lanes on Main Street",
                        "a downtown parking overhaul", "a riverside walking trail",
                        "a new fire station", "repairs to the historic theater"],
            "body_name": ["city council", "select board", "county commission", "town council"]},
  "headlines": ["a:{city} {body_name} approves plan for {project}",
                "d:Residents weigh in on {project}",
                "d:Vote on {project} delayed again",
                "w:Work to begin on {project} this spring"],
  "ledes": ["a:The {body_name} in {city} voted {v1}-{v2} on {day} to move ahead with {project}, a plan supporters say will bring new life to a part of town that has struggled for years.",
            "d:Dozens of residents turned out {day} night to speak about {project}, which the {body_name} in {city} is expected to vote on next month.",
            "w:Construction of {project} will begin this spring, {city} officials said {day}, after the project cleared its final permits."],
  "body": ["The project is expected to cost about {money}, paid for with a state grant, local funds and private donations.",
           "Two members who voted no said they supported the idea but worried about cost overruns.",
           "Business owners nearby said the project could draw visitors, while some neighbors worried about noise and traffic.",
           "The plan has been in the works since {year}, when a citizens committee first recommended it.",
           "City staff said the work would be done in phases to keep the street open to traffic.",
           "An engineer's report found the site in good condition, which kept costs lower than expected.",
           "The city will hold an open house next month to show residents the final designs.",
           "Officials said they hope to finish the work before next winter."],
  "quotes": ["\"This building has been waiting for something to do for years,\" said {p1}, {role1}.",
             "\"I want to see the money in the bank before we commit,\" said {p2}, {role2}.",
             "\"People will come for this and stay for lunch,\" said {p3}, {role3}."],
  "closers": ["Construction could begin as early as next spring.",
              "The next public meeting on the project is scheduled for {month} {num}.",
              "The work is expected to take about a year."],
  "roles": ["who leads the project's volunteer group", "a board member", "a local business owner",
            "the city manager"],
  "related": ["{city} {body_name} agenda for next week",
              "Map: where {project} will go",
              "Downtown {city} businesses look to the future"],
  "tags": ["Local government", "{city}", "Development"]},

 {"name": "sports",
  "slots": {"sport": ["basketball", "softball", "hockey", "volleyball", "soccer", "baseball"],
            "school": ["{city} Central", "{city} North", "St. Brendan's", "Valley Tech", "Lincoln"]},
  "headlines": ["w:{school} wins first conference {sport} title since {year}",
                "t:Late goal lifts {school} past rival in {sport} semifinal",
                "c:{school} {sport} coach steps down after {n2} seasons",
                "t:Senior leads {school} to state {sport} tournament"],
  "ledes": ["w:{school} won its first conference {sport} championship since {year} on {day}, beating its longtime rival in front of a packed home crowd.",
            "t:A senior scored in the final minute on {day} to send {school} to the state {sport} tournament for the {ord} time in school history.",
            "c:The {sport} coach at {school} announced {day} that he would step down at the end of the season after {n2} years leading the program."],
  "body": ["The team finished the regular season with {num} wins and {n} losses, its best record in a decade.",
           "Players credited a change in practice routines and a deep bench for the turnaround.",
           "The game was tied at halftime before {school} pulled ahead with a run early in the second half.",
           "Hundreds of students, parents and alumni filled the bleachers, and the school band played through the final minutes.",
           "The coach built the program from a team that won only {n} games in his first season.",
           "Several players are expected to play in college next year.",
           "The state tournament begins next week, with games at the university arena.",
           "The school plans a send-off parade for the team on the morning of its first game."],
  "quotes": ["\"These girls worked for this every single day,\" said {p1}, {role1}.",
             "\"I just wanted the ball at the end,\" said {p2}, {role2}.",
             "\"It has been the honor of my life,\" {p3}, {role3}, said."],
  "closers": ["{school} opens the tournament next {day2}.",
              "A search for a new coach will begin this spring.",
              "Tickets go on sale Monday."],
  "roles": ["the head coach", "a senior captain", "the longtime coach", "the athletic director"],
  "related": ["{school} {sport} schedule and results",
              "Photos: {school} celebrates conference title",
              "State {sport} tournament bracket released"],
  "tags": ["Sports", "High school {sport}", "{city}"]},

 {"name": "transport",
  "slots": {"route": ["Interstate 94", "the river bridge", "the airport connector", "Highway 12",
                      "the Route 9 overpass", "the main street viaduct"],
            "line": ["the downtown rail line", "the harbor ferry", "the crosstown bus routes",
                     "the commuter train"],
            "agency": ["the state transportation department", "the county roads department"]},
  "variants": [
   {"headlines": ["Repairs to close {route} for {n2} weekends",
                  "Work on {route} runs over budget, state says",
                  "Drivers face detours as crews rebuild {route}"],
    "ledes": ["Drivers who use {route} near {city} should expect closures on {n2} weekends this spring as crews replace worn pavement and joints, {agency} said {day}.",
              "Repairs to {route} near {city} will cost more and take longer than planned, {agency} said {day}, blaming higher prices for steel and concrete."],
    "body": ["Officials said detours would be posted and that traffic could back up for miles during peak hours.",
             "The work is part of a {money} program to repair aging roads and bridges across the region.",
             "Crews will work overnight to finish as quickly as possible, the department said.",
             "The project was originally expected to cost less, but prices for steel and concrete have risen.",
             "Inspectors rated the structure in fair condition last year, meaning it is safe but needs major repairs.",
             "Businesses along the detour route said they hoped the extra traffic would bring customers."],
    "quotes": ["\"We know this is an inconvenience, and we appreciate people's patience,\" said {p2}, a spokesperson for {agency}.",
               "\"I leave half an hour early now,\" said {p3}, who commutes into {city}."],
    "closers": ["The first closure is scheduled for the weekend of {month} {num}.",
                "The work is expected to be finished by the end of the year."]},
   {"headlines": ["{city} shipping season ends early as ice thickens",
                  "Port of {city} reports drop in cargo as season closes"],
    "ledes": ["The shipping season at the port of {city} ended nearly two weeks early this year after a run of cold nights thickened the ice, port officials said {day}.",
              "The last cargo ships of the season left the port of {city} on {day}, closing a year in which tonnage fell about {pct} percent, port officials said."],
    "body": ["Cargo volumes were down about {pct} percent from the previous year, according to preliminary figures.",
             "Some freight will move by rail instead, at higher cost, shippers said.",
             "The Coast Guard broke ice for several days to escort the final vessels out of the harbor.",
             "About a dozen freighters will spend the winter tied up in the harbor while crews repair engines and repaint hulls.",
             "The winter layup work supports several hundred jobs through the off-season."],
    "quotes": ["\"Nature set the calendar this year,\" said {p1}, a port authority official.",
               "\"You make the call and bring the boats home safely,\" said {p2}, a ship captain."],
    "closers": ["The season is expected to reopen in late March."]},
   {"headlines": ["Transit agency proposes fare changes on {line}",
                  "Riders push back on plan to cut service on {line}"],
    "ledes": ["The regional transit agency proposed {day} to change fares and schedules on {line} in {city}, saying ridership has not recovered and costs have climbed.",
              "Riders packed a hearing in {city} on {day} to oppose a plan to reduce service on {line}."],
    "body": ["The agency will hold public hearings before any changes take effect.",
             "Riders said they worried the changes would make it harder to get to work and appointments.",
             "Ridership is about {pct} percent below where it was before the pandemic, agency figures show.",
             "The agency faces a budget gap of about {money} next year as federal relief money runs out.",
             "Advocates urged the agency to seek more state funding instead of cutting service."],
    "quotes": ["\"I ride this every day, and I do not have another way to get to work,\" said {p3}, a rider.",
               "\"We have to live within our means,\" said {p2}, the agency's general manager."],
    "closers": ["The agency's board will vote on the proposal in {month}."]}],
  "roles": ["a traffic engineer", "a regional planner", "a city council member"],
  "related": ["Detour maps for {route} closures",
              "How {agency} pays for road repairs",
              "Commuters share tips for getting around {city}"],
  "tags": ["Transportation", "{city}", "Infrastructure"]},

 {"name": "housing",
  "slots": {"measure": ["a cap on annual rent increases", "allowing duplexes on single-family lots",
                        "a tax on vacant homes", "a fund for first-time buyers",
                        "faster permits for apartment projects"],
            "hood": ["the east side", "the old mill district", "neighborhoods near the university",
                     "the riverfront", "the north end"]},
  "headlines": ["a:{city} council backs {measure}",
                "r:Rents in {city} rise {pct} percent in a year, report finds",
                "a:Debate over {measure} draws crowd to {city} City Hall",
                "r:Families priced out of {hood} as home values climb"],
  "ledes": ["a:The {city} City Council voted {v1}-{v2} on {day} to approve {measure}, a step supporters say will ease a housing shortage that has pushed rents to record highs.",
            "r:Median rent in {city} rose about {pct} percent over the past year, according to a report released {day} by a regional housing nonprofit, outpacing wage growth for the {ord} year in a row.",
            "a:More than {num} residents lined up to speak on {day} night as the {city} council took up {measure}, a proposal that has split neighborhood groups."],
  "body": ["The city estimates it needs about {big} more homes over the next decade to keep up with job growth.",
           "Landlord groups said the measure would discourage new construction and lead some owners to sell.",
           "Tenant advocates said many renters in {hood} now spend more than half their income on housing.",
           "The median home price in the metro area passed {money} last year, according to real estate data.",
           "City staff said the change would take effect next year and would be reviewed after three years.",
           "Several members said they wanted more protections for older residents on fixed incomes.",
           "Builders said rising interest rates and construction costs have slowed projects that were already approved.",
           "The state legislature is considering a similar measure that would apply to cities across {state}."],
  "quotes": ["\"People who work here should be able to live here,\" said {p1}, {role1}.",
             "\"This will make it harder, not easier, to build,\" said {p2}, {role2}.",
             "\"My rent went up three times in two years,\" said {p3}, who lives in {hood}."],
  "closers": ["A second vote on the measure is scheduled for next month.",
              "The full report is available on the nonprofit's website.",
              "The council will take up related zoning changes in {month}."],
  "roles": ["a tenant organizer", "a spokesperson for a landlord association", "a council member",
            "a housing researcher"],
  "related": ["What {measure} would mean for renters", "Map: where rents rose the most in {city}",
              "{state} lawmakers weigh statewide housing bill"],
  "tags": ["Housing", "{city}", "Rent", "Local government"]},

 {"name": "agriculture",
  "slots": {"crop": ["wheat", "corn", "cherries", "potatoes", "almonds", "soybeans", "apples", "hay"],
            "trouble": ["a late frost", "a summer drought", "heavy spring rains", "an early hailstorm"]},
  "headlines": ["{trouble_cap} cuts {crop} harvest across {state}",
                "Growers in {state} face lower prices for {crop} and higher costs",
                "Farmers near {city} turn to new irrigation methods after {trouble}"],
  "ledes": ["{trouble_cap} has cut the {crop} harvest across much of {state} this year, with some growers near {city} reporting yields down by a third, agricultural officials said {day}.",
            "Growers of {crop} around {city} say they are being squeezed between falling prices and rising costs for fuel, fertilizer and labor, even as the harvest comes in close to normal.",
            "After {trouble} damaged crops last year, farmers near {city} are trying new ways to save water and protect their fields, with help from the state extension service."],
  "body": ["The state agriculture department estimates losses at about {money} statewide.",
           "Crop insurance will cover part of the losses, but many growers said payments would not make them whole.",
           "Extension agents have held workshops on soil moisture sensors and drip irrigation.",
           "Prices for {crop} have fallen about {pct} percent since last year as global supplies recovered.",
           "Some farmers said they were considering switching part of their land to other crops next season.",
           "Farm labor has been hard to find, and wages for seasonal workers have risen.",
           "County officials asked the state to declare a disaster, which would open low-interest federal loans.",
           "Buyers at the local co-op said quality remained good despite the smaller harvest."],
  "quotes": ["\"You plan for a bad year, but you never plan for two in a row,\" said {p1}, {role1}.",
             "\"The margins just are not there anymore,\" said {p2}, {role2}.",
             "\"We are learning as we go,\" said {p3}, {role3}."],
  "closers": ["Harvest is expected to wrap up in the next two weeks.",
              "The state will release final crop estimates in {month}.",
              "A public meeting on disaster aid is scheduled for next week."],
  "roles": ["who farms about 900 acres west of {city}", "a grower and co-op board member",
            "an extension agent", "a third-generation farmer"],
  "related": ["How {trouble} affected {state} farms", "{crop_cap} prices: what to expect this fall",
              "Farmers markets open for the season around {city}"],
  "tags": ["Agriculture", "Farming", "{state}", "{crop_cap}"]},

 {"name": "arts",
  "slots": {"venue": ["the city art museum", "the historic Orpheum theater", "the public library",
                      "the county history center", "the downtown arts center"],
            "show": ["an exhibit of quilts made by local families", "a retrospective of a regional landscape painter",
                     "a festival of short plays", "a collection of photographs of the old rail yards",
                     "a summer concert series"]},
  "headlines": ["{venue_cap} opens {show}", "{city} turns out for {show}",
                "{venue_cap} reopens after {money} renovation"],
  "ledes": ["{venue_cap} in {city} opened {show} on {day}, drawing hundreds of visitors on the first weekend, organizers said.",
            "After two years of work, {venue} in {city} reopened {day} with {show} and a restored main hall.",
            "{show_cap} opens this week at {venue} in {city}, the result of more than a year of collecting and research."],
  "body": ["Admission is free for county residents on the first Sunday of each month.",
           "Organizers said many of the items had never been shown in public.",
           "The renovation added an elevator, new lighting and a climate-controlled storage room.",
           "Volunteers spent months interviewing families and recording their stories for the audio guide.",
           "The project was paid for with a mix of private donations and a state arts grant.",
           "School groups have already booked tours through the end of the year.",
           "A series of talks and workshops will accompany the exhibit through the fall."],
  "quotes": ["\"These are the stories of people who built this town,\" said {p1}, {role1}.",
             "\"I saw my grandmother's work on the wall and I cried,\" said {p2}, a visitor.",
             "\"We wanted a place that belongs to everyone,\" said {p3}, {role3}."],
  "closers": ["The exhibit runs through {month}.", "Tickets are available at the box office and online.",
              "The center is open Tuesday through Sunday."],
  "roles": ["the curator", "the center's executive director", "a board member"],
  "related": ["Things to do in {city} this weekend", "Photos: inside the renovated {venue}",
              "Arts groups in {city} get state grants"],
  "tags": ["Arts", "Culture", "{city}"]},

 {"name": "energy",
  "slots": {"utility": ["the regional electric cooperative", "the city-owned utility", "the state's largest utility"],
            "project": ["a 200-megawatt solar farm", "a battery storage plant", "new transmission lines",
                        "a wind farm on the ridge west of town"]},
  "headlines": ["r:Regulators weigh rate increase sought by {utility}",
                "p:County approves {project} near {city}",
                "p:Neighbors split over {project}",
                "r:Electric bills in {city} set to rise {pct} percent"],
  "ledes": ["r:Customers of {utility} in the {city} area would pay about {pct} percent more for electricity under a rate increase that state regulators began reviewing {day}.",
            "p:County commissioners voted {v1}-{v2} on {day} to approve {project} near {city}, ending a year of hearings over the project's effect on farmland and views.",
            "p:A proposal to build {project} near {city} has divided residents, with supporters pointing to tax revenue and opponents worried about wildlife and property values."],
  "body": ["The utility says it needs the money to replace aging equipment and to prepare for storms.",
           "Consumer advocates argued that the request was too large and that shareholders should bear more of the cost.",
           "The project would pay the county about {money} in taxes over its lifetime, according to the developer.",
           "Construction would employ about {big} people at its peak, with a handful of permanent jobs.",
           "Regulators will hold public hearings in {n} cities before making a decision.",
           "Some landowners have signed leases with the developer, while neighbors have hired a lawyer.",
           "State energy officials said new projects are needed to meet growing demand from data centers and factories."],
  "quotes": ["\"Every dollar matters to families on a fixed income,\" said {p1}, {role1}.",
             "\"This is the cleanest and cheapest power we can build,\" said {p2}, {role2}.",
             "\"Nobody asked us if we wanted this in our backyard,\" said {p3}, a neighbor."],
  "closers": ["A decision on the rate request is expected in {month}.",
              "Construction could begin next year if the project receives its remaining permits.",
              "The commission will accept written comments through the end of the month."],
  "roles": ["a consumer advocate", "the developer's project manager", "a utility spokesperson",
            "a county commissioner"],
  "related": ["How to lower your electric bill this winter", "What {project} would look like",
              "{state} regulators to review utility rates"],
  "tags": ["Energy", "Utilities", "{city}", "{state}"]},

 {"name": "finance",
  "slots": {"strategy": ["momentum strategies", "dividend strategies", "value investing",
                         "options-selling strategies", "trend-following funds", "bond ladders"],
            "market": ["the New York Stock Exchange", "Nasdaq", "regional stock exchanges",
                       "futures exchanges", "the bond market"]},
  "headlines": ["f:{strategy_cap} stumble as investors move to index funds",
                "v:Trading volume climbs on {market} as volatility returns",
                "m:What falling rates mean for {strategy}",
                "m:Fund managers rethink {strategy} after weak quarter",
                "v:Exchanges seek longer trading hours as volume grows"],
  "ledes": ["f:Investors moved a record amount of money into low-cost index funds in the latest quarter, figures released {day} show, even as {strategy} delivered their weakest returns in years.",
            "v:Trading volume on {market} rose about {pct} percent last month as investors reacted to shifting interest rate expectations, according to data released {day}.",
            "m:Fund managers who rely on {strategy} are rethinking their approach after a quarter in which returns fell well short of the broader market, analysts said {day}."],
  "body": ["The reversal came as shares of large technology companies paused while smaller companies and utilities rallied.",
           "Exchange-traded funds now account for about a third of daily volume on U.S. exchanges, analysts said.",
           "Fees are a big part of the appeal: the average index fund costs a fraction of an actively managed fund.",
           "Academic research has found that some strategies earn higher returns over long periods, though with deep drawdowns.",
           "Regulators have warned that promises of guaranteed returns in online ads for trading systems are a hallmark of fraud.",
           "Several exchanges have proposed extending trading hours to meet demand from overseas investors.",
           "Advisers said most savers should pick an allocation they can live with in a bad year and rebalance.",
           "Analysts cautioned that no strategy works in every market and that past returns do not predict future results."],
  "quotes": ["\"No strategy is stable and safe in every market,\" said {p1}, {role1}.",
             "\"Any pitch that promises high returns with no risk should be treated as a red flag,\" said {p2}, {role2}.",
             "\"Boring is fine. Keep costs low and rebalance,\" said {p3}, {role3}."],
  "closers": ["This article is for information only and is not investment advice.",
              "Quarterly fund flow figures will be updated next month.",
              "Markets are closed Monday for the holiday."],
  "roles": ["a portfolio manager at a pension fund", "an official with the state securities regulator",
            "a financial planner", "an economist who studies markets"],
  "related": ["What is a factor fund, and should you own one?",
              "Index fund fees hit a new low",
              "Regulators warn investors about guaranteed-return pitches",
              "How {market} sets its trading hours"],
  "tags": ["Markets", "Investing", "Personal finance", "Business"]},
]

# Honest quote headlines about a person ("Okafor: '...'" style); the person is
# the article's subject and is named throughout the body.
PERSON_QUOTES = [
    "'We will not close a single branch library'", "'I am not going anywhere'",
    "'The budget will be balanced'", "'We owe residents answers'",
    "'This plan will work'", "'I made a mistake, and I own it'",
    "'Our schools come first'", "'No new taxes this year'",
    "City must rebuild trust with police", "I will run again next year",
    "Water rates will not rise in 2026", "Bridge repairs cannot wait",
]
PERSON_ROLES = ["Mayor", "Governor", "County Executive", "Superintendent",
                "Police Chief", "Council President", "State Treasurer"]

GENERIC_BODY = [
    "Representatives for [the agency|the company|the governor's office|the county] did not respond to requests for comment on {day}.",
    "The [issue|matter|proposal] is expected to come up again at a public meeting next month.",
    "{p4}, {role4}, said the [decision|change|news] was [long overdue|not a surprise|a relief] for many people in {city}.",
    "Officials said more information would be posted on the [city's|county's|state's] website as it becomes available.",
    "The [numbers|figures|estimates] could change as more information comes in, officials cautioned.",
    "It was not immediately clear how the [change|decision|plan] would affect [residents|workers|families] outside {city}.",
]
GENERIC_ROLES = ["a longtime resident", "a retired teacher", "a neighborhood association leader",
                 "a small business owner", "a local historian", "a community organizer"]

# ---------------------------------------------------------------------------
# Template expansion
# ---------------------------------------------------------------------------

ALT_RE = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
SLOT_RE = re.compile(r"\{(\w+)\}")


def cap(s):
    """Upper-cases the first letter of s."""
    return s[:1].upper() + s[1:]


def expand(rng, t, ctx, depth=0):
    """Fills a template: [a|b] alternatives, then {slot} values (recursively)."""
    t = ALT_RE.sub(lambda m: rng.choice(m.group(1).split("|")), t)

    def slot(m):
        v = ctx.get(m.group(1))
        if v is None:
            raise KeyError("template slot %s in %r" % (m.group(1), t))
        return expand(rng, v, ctx, depth + 1) if depth < 4 and "{" in v else v
    return SLOT_RE.sub(slot, t)


class Vocab:
    """The TRAIN or HELDOUT side of every split vocabulary list."""

    def __init__(self, side):
        self.side = side
        g = globals()
        for name in ("SYL_A", "SYL_B", "BRAND_SUFFIX", "SITE_WORD_A", "SITE_WORD_B",
                     "SITE_SUFFIX", "SLOGAN_ADJ", "SLOGAN_NOUN", "COUNTER_PLATFORM",
                     "COUNTER_SHAPES", "WIDGET_HEADINGS", "HONEST_HEADINGS", "FIRST",
                     "LAST", "PROMO_TEMPLATES", "PROMO_SUP", "PROMO_PROMISE",
                     "PROMO_METHOD", "PROMO_ROLE", "ORG_A", "ORG_B", "ORG_C",
                     "HEADLINE_LABELS", "COMPANY_SUFFIX", "OFFTOPIC_TEMPLATES",
                     "NEWS_PLACE", "NEWS_KIND", "PERSON_QUOTES"):
            setattr(self, name.lower(), split_list(name, g[name], side))

    def person(self, rng):
        return "%s %s" % (rng.choice(self.first), rng.choice(self.last))

    def invented_word(self, rng):
        w = rng.choice(self.syl_a) + rng.choice(self.syl_b)
        if rng.random() < 0.3:
            w += rng.choice(self.syl_b)
        return w

    def brand(self, rng):
        """An invented brand: 'Rekubit Exchange', 'Volmira', 'Tessaly Capital'."""
        r = rng.random()
        w = self.invented_word(rng)
        if r < 0.7:
            return "%s %s" % (w, rng.choice(self.brand_suffix))
        if r < 0.85:
            return w
        return "%s %s %s" % (w, rng.choice(self.brand_suffix), rng.choice(self.brand_suffix))

    def site_name(self, rng):
        """A fake site name: 'NextFrontier Finance', 'Silverpine Exchange'."""
        a = rng.choice(self.site_word_a)
        b = rng.choice(self.site_word_b)
        word = a + (b if b[0].islower() else b)
        if rng.random() < 0.25:
            word = a + " " + cap(b)
        return "%s %s" % (word, rng.choice(self.site_suffix))

    def slogan(self, rng):
        return "%s %s" % (rng.choice(self.slogan_adj), rng.choice(self.slogan_noun))

    def counter(self, rng):
        n = rng.choice([rng.randint(10, 999), rng.randint(1000, 99999), rng.randint(1000, 99999)])
        return rng.choice(self.counter_shapes).format(p=rng.choice(self.counter_platform), n=n)

    def org(self, rng):
        return "%s %s %s" % (rng.choice(self.org_a), rng.choice(self.org_b), rng.choice(self.org_c))

    def promo(self, rng):
        t = rng.choice(self.promo_templates)
        money = rng.choice(["$%d" % rng.choice([500, 1000, 2000, 3000, 5000]),
                            "%d dollars" % rng.choice([800, 1500, 2500])])
        vals = {
            "name": self.person(rng), "sup": rng.choice(self.promo_sup),
            "num": str(rng.choice([rng.randint(100, 999) * 10, rng.randint(11, 99) * 11,
                                   rng.randint(1000, 9999)])),
            "period": rng.choice(["decade", "century", "year", "era"]),
            "promise": rng.choice(self.promo_promise), "role": rng.choice(self.promo_role),
            "org": self.org(rng), "money": money,
            "money2": "$%s" % rng.choice(["50,000", "120,000", "1 million", "300,000", "2 million"]),
            "span": rng.choice(["six months", "90 days", "one year", "three weeks", "30 days"]),
            "adj": rng.choice(["secret", "simple", "proven", "smart", "automatic", "exclusive"]),
            "method": rng.choice(self.promo_method), "pct": str(rng.choice([12, 15, 20, 25, 30, 40, 50, 88])),
            "count": rng.choice(["five", "seven", "ten", "twelve"]),
        }
        return t.format(**vals)

    def news_site(self, rng):
        return "%s %s" % (rng.choice(self.news_place), rng.choice(self.news_kind))

    def company(self, rng):
        return "%s %s" % (self.invented_word(rng), rng.choice(self.company_suffix))

    def offtopic(self, rng, used=None):
        """An off-topic headline; templates in used (a set) are avoided and added."""
        pool = [t for t in self.offtopic_templates if used is None or t not in used]
        t = rng.choice(pool or self.offtopic_templates)
        if used is not None:
            used.add(t)
        vals = {k: rng.choice(v) for k, v in OFFTOPIC_SLOTS.items()}
        vals.update(person=self.person(rng), n=rng.choice(["two", "three", "four"]),
                    n2=str(rng.randint(3, 12)), ord=rng.choice(ORDS),
                    big=str(rng.randint(25, 60)), city=rng.choice(CITIES)[0])
        return t.format(**vals)

# ---------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------


class Article:
    """A generated news article (no injections)."""

    def __init__(self):
        self.topic = None
        self.headline = ""
        self.city = self.state = ""
        self.lede = ""          # first paragraph without dateline
        self.paras = []         # later paragraphs
        self.tags = []
        self.related = []       # on-topic headlines
        self.author = ""
        self.bio = ""
        self.date = None        # (y, m, d, hh, mm, ss)
        self.company = None     # honest brand named once
        self.subject = None     # person headline subject


def base_ctx(rng, vocab):
    city, state = rng.choice(CITIES)
    people = [vocab.person(rng) for _ in range(5)]
    ctx = {"city": city, "state": state, "day": rng.choice(DAYS[:5]),
           "day2": rng.choice(DAYS[5:] + ["Friday"]), "month": rng.choice(MONTHS),
           "year": str(rng.randint(2005, 2021)), "n": rng.choice(NUMWORDS[:6]),
           "n2": rng.choice(NUMWORDS), "num": str(rng.randint(12, 95)),
           "big": "{:,}".format(rng.choice([rng.randint(120, 900), rng.randint(1000, 48000)])),
           "pct": str(rng.randint(3, 19)),
           "money": "$%s million" % rng.randint(2, 95)
           if rng.random() < 0.7 else "$%s,000" % rng.randint(120, 980),
           "ord": rng.choice(ORDS), "v1": str(rng.randint(5, 9)), "v2": str(rng.randint(1, 4))}
    for i, p in enumerate(people, 1):
        ctx["p%d" % i] = p
        ctx["l%d" % i] = p.split()[-1]
    ctx["role4"] = rng.choice(GENERIC_ROLES)
    return ctx


KEY_RE = re.compile(r"^([a-z]):")


def keyed(t):
    """Splits an optional 'k:' pairing key off a headline or lede template."""
    m = KEY_RE.match(t)
    return (m.group(1), t[2:]) if m else (None, t)


def pick_variant(rng, topic):
    """Resolves a topic's sub-story (variants) and slot set (slotsets)."""
    if "variants" in topic:
        topic = dict(topic, **rng.choice(topic["variants"]))
    if "slotsets" in topic:
        topic = dict(topic, slots=dict(topic["slots"], **rng.choice(topic["slotsets"])))
    return topic


def make_article(rng, vocab, topic=None, mode="plain"):
    """Generates an article. mode: plain, label, person, company, finance."""
    a = Article()
    if mode == "finance":
        topic = next(t for t in TOPICS if t["name"] == "finance")
    elif mode == "person":
        want = rng.choice(["politics", "local", "education"])
        topic = next(t for t in TOPICS if t["name"] == want)
    elif mode == "company":
        want = "business"
        topic = next(t for t in TOPICS if t["name"] == want)
    if topic is None:
        topic = rng.choice(TOPICS)
    a.topic = topic["name"]
    ctx = base_ctx(rng, vocab)
    topic = pick_variant(rng, topic)
    for k, choices in topic["slots"].items():
        ctx[k] = expand(rng, rng.choice(choices), ctx)
        ctx[k + "_cap"] = cap(ctx[k])
    roles = rng.sample(topic["roles"], min(3, len(topic["roles"])))
    while len(roles) < 3:
        roles.append(rng.choice(GENERIC_ROLES))
    for i, r in enumerate(roles, 1):
        ctx["role%d" % i] = expand(rng, r, ctx)
    a.city, a.state = ctx["city"], ctx["state"]
    hk, head = keyed(rng.choice(topic["headlines"]))
    ledes = [keyed(t) for t in topic["ledes"]]
    ledes = [t for k, t in ledes if k is None or hk is None or k == hk] or [t for _, t in ledes]
    a.headline = cap(expand(rng, head, ctx))
    a.lede = cap(expand(rng, rng.choice(ledes), ctx))
    body = [expand(rng, t, ctx) for t in rng.sample(topic["body"], rng.randint(4, min(7, len(topic["body"]))))]
    quotes = [expand(rng, t, ctx) for t in rng.sample(topic["quotes"], rng.randint(1, len(topic["quotes"])))]
    if rng.random() < 0.5:
        body.append(expand(rng, rng.choice(GENERIC_BODY), ctx))
    for q in quotes:
        body.insert(rng.randint(1, len(body)), q)
    body.append(expand(rng, rng.choice(topic["closers"]), ctx))
    a.paras = [cap(p) for p in body]
    a.tags = [expand(rng, t, ctx) for t in topic["tags"]]
    a.related = [cap(expand(rng, t, ctx)) for t in topic["related"]]
    for _ in range(3):
        h = cap(expand(rng, keyed(rng.choice(topic["headlines"]))[1], ctx))
        if h != a.headline and h not in a.related:
            a.related.append(h)
    rng.shuffle(a.related)
    a.author = vocab.person(rng)
    a.bio = "%s %s" % (a.author, rng.choice([
        "covers %s for the metro desk." % a.topic, "is a staff writer based in %s." % a.city,
        "has reported on %s for %s years." % (a.state, rng.choice(NUMWORDS)),
        "writes about %s and the communities around %s." % (a.topic, a.city),
        "is a reporter on the %s team. Reach her at the newsroom." % a.topic]))
    a.date = (rng.choice([2024, 2025]), rng.randint(1, 12), rng.randint(1, 28),
              rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59))
    if mode == "label":
        a.headline = "%s: %s" % (rng.choice(vocab.headline_labels), a.headline)
    elif mode == "person":
        role = rng.choice(PERSON_ROLES)
        full = vocab.person(rng)
        last = full.split()[-1]
        a.subject = full
        quote = rng.choice(vocab.person_quotes)
        a.headline = "%s: %s" % (last, quote)
        plain = quote.strip("'")
        pr = rng.choice([("she", "her"), ("he", "his")])
        extra = [
            "%s %s said on %s that the plan would go ahead, pushing back against critics who have called for a change of course." % (role, full, ctx["day"]),
            "\"%s,\" %s told reporters at %s." % (plain.rstrip("."), last, rng.choice(["City Hall", "a news conference", "a community meeting", "the Capitol"])),
            "%s, who took office in %s, has made the issue a centerpiece of %s time in office." % (last, rng.randint(2019, 2024), pr[1]),
            "Critics said %s had not explained how the plan would be paid for." % last,
            "%s's office said a detailed proposal would be released next month." % last,
        ]
        a.lede = extra[0]
        a.paras = [extra[1]] + a.paras[:2] + [extra[2]] + a.paras[2:4] + [extra[3]] + a.paras[4:] + [extra[4]]
        a.tags.insert(0, full)
    elif mode == "company":
        a.company = vocab.company(rng)
        ctx["company"] = a.company
        ctx["founded"] = "%s in %d" % (rng.choice(CITIES)[0], rng.randint(1950, 2019))
        a.paras.insert(rng.randint(0, 2), cap(expand(rng, rng.choice(topic["company_sentences"]), ctx)))
        if rng.random() < 0.5:
            a.headline = cap(expand(rng, rng.choice(topic["company_headlines"]), ctx))
    return a


# ---------------------------------------------------------------------------
# Page model: what a layout renders
# ---------------------------------------------------------------------------


class Widget:
    def __init__(self, heading, items, linked=True, junk=False, kind="list"):
        self.heading = heading      # str or None
        self.items = items          # list of str
        self.linked = linked
        self.junk = junk            # off-topic list injected by the spam site
        self.kind = kind


class Page:
    def __init__(self):
        self.label = "ham"
        self.site = ""             # site name shown as logo / footer
        self.title = ""            # <title> text
        self.h1 = ""               # visible headline
        self.slogan = None
        self.date_text = ""
        self.byline = ""
        self.paras = []            # final paragraphs (first has dateline)
        self.tags = []
        self.tag_label = "Tags:"
        self.bio = None
        self.share = None
        self.counter = None        # like counter text (spam)
        self.comment_counter = None  # "Comments (12)" (both labels)
        self.widgets = []
        self.breadcrumb = None     # text-layout breadcrumb prefix
        self.spans = []
        self.article = None
        self.section = "News"
        self.comments = []         # (author, text)


def fmt_date(rng, d, spammy):
    y, m, dd, hh, mi, ss = d
    if spammy or rng.random() < 0.3:
        return rng.choice(["Date:%04d-%02d-%02d %02d:%02d:%02d",
                           "Time:%04d-%02d-%02d %02d:%02d:%02d",
                           "Date: %04d-%02d-%02d %02d:%02d:%02d",
                           "Published:%04d-%02d-%02d %02d:%02d:%02d"]) % (y, m, dd, hh, mi, ss)
    ampm = "a.m." if hh < 12 else "p.m."
    h12 = hh if hh <= 12 else hh - 12
    return rng.choice(["%s %d, %d" % (MONTHS[m - 1], dd, y),
                       "Updated %s %d, %d, %d:%02d %s" % (MONTHS[m - 1][:3] + ".", dd, y, h12, mi, ampm),
                       "Published %s %d, %d" % (MONTHS[m - 1], dd, y),
                       "%04d-%02d-%02d %02d:%02d" % (y, m, dd, hh, mi)])


def local_headline(rng, vocab, city=None):
    """A headline from any topic, optionally about a given city."""
    topic = rng.choice(TOPICS)
    ctx = base_ctx(rng, vocab)
    if city:
        ctx["city"] = city
    topic = pick_variant(rng, topic)
    for k, choices in topic["slots"].items():
        ctx[k] = expand(rng, rng.choice(choices), ctx)
        ctx[k + "_cap"] = cap(ctx[k])
    return cap(expand(rng, keyed(rng.choice(topic["headlines"]))[1], ctx))


SHARES = ["Share: Facebook | X | Email", "Share this: Facebook Twitter Email",
          "Share on Facebook · Share on X · Copy link", "Facebook Twitter LinkedIn Email Print",
          "Share Tweet Email Print"]
COMMENT_COUNTERS = ["Comments ({n})", "{n} comments", "View comments ({n})",
                    "Join the conversation ({n})", "{n} Comments", "Read {n} comments"]
SECTIONS = {"weather": "Weather", "politics": "Politics", "courts": "Courts",
            "crime": "Public Safety", "business": "Business", "health": "Health",
            "science": "Science", "education": "Education", "local": "Local",
            "sports": "Sports", "transport": "Transportation", "finance": "Markets",
            "housing": "Housing", "agriculture": "Agriculture", "arts": "Arts", "energy": "Energy"}
TEXT_BREADCRUMBS = ["Current:Home > News", "Current:Home > {sec}", "Location:Homepage > {sec}",
                    "Position: Home > {sec}", "Current location:Home > News", "Home > News",
                    "Home > News > {sec}", "Home > {sec}", "News > {sec}", "Home / {sec}"]


def dateline(city, state, style, brand=None, pos=None):
    c = city.upper() if style == "caps" else city
    if brand and pos == "comma":
        return "%s,%s %s — " % (c, brand, state)
    if brand and pos == "between":
        return "%s, %s %s — " % (c, brand, state)
    return "%s, %s — " % (c, state)


def glue_next(rng, paras, brand, start):
    """'The arrests' -> 'The Brandarrests' in some paragraph >= start."""
    idx = list(range(start, len(paras)))
    rng.shuffle(idx)
    for pat in (r"\bThe ([a-z]\w+)", r"\bthe ([a-z]\w+)"):
        for i in idx:
            m = re.search(pat, paras[i])
            if m:
                p = paras[i]
                paras[i] = p[:m.start(1)] + brand + p[m.start(1):]
                return True
    return False


def glue_prev(rng, paras, brand, start):
    """'researchers said' -> 'researchersBrand said' in some paragraph >= start."""
    idx = list(range(start, len(paras)))
    rng.shuffle(idx)
    for pat in (r"\b[a-z]{3,}( )(?:said|says|were|was|have|has|will|would|are)\b",
                r"\b[a-z]{4,}( )[a-z]+"):
        for i in idx:
            m = re.search(pat, paras[i])
            if m:
                p = paras[i]
                paras[i] = p[:m.start(1)] + brand + p[m.start(1):]
                return True
    return False


def add_span(page, kind, text):
    if text and {"kind": kind, "text": text} not in page.spans:
        page.spans.append({"kind": kind, "text": text})


def build_page(rng, vocab, label, layout):
    """Builds the page model for one corpus page (label 'spam' or 'ham')."""
    p = Page()
    p.label = label
    # Article modes are drawn alike for both labels (spam sites republish
    # any article), so the hard honest cases are no label cue by themselves.
    mode = rng.choices(["plain", "label", "person", "company", "finance"],
                       [40, 15, 15, 15, 15])[0]
    variant = None
    if label == "spam":
        variant = rng.choices(["full", "brand", "promo", "brand_promo", "splice"],
                              [35, 20, 20, 15, 10])[0]
    a = make_article(rng, vocab, mode=mode)
    p.article = a
    p.mode = mode
    p.variant = variant
    p.section = SECTIONS[a.topic]
    news_site = vocab.news_site(rng)
    p.site = news_site
    p.h1 = a.headline
    sep = rng.choice([" - ", " | ", " — ", " : "])
    p.title = a.headline + sep + news_site
    p.date_text = fmt_date(rng, a.date, False)
    p.byline = rng.choice(["By %s", "%s", "Author: %s", "Reporter: %s"]) % a.author
    dl_style = rng.choice(["plain", "plain", "plain", "caps", None])
    if layout in ("press-release", "wire", "wire-text"):
        dl_style = dl_style or "plain"
    paras = list(a.paras)
    first = a.lede
    dl_brand = dl_pos = None

    # Honest widgets (both labels, same rates).
    headings = vocab.widget_headings + vocab.honest_headings
    used = set()

    def heading(pool):
        """A heading not overlapping any used one (a junk heading must not be
        part of an honest heading: span labels match by containment)."""
        free = [x for x in pool if not any(x.lower() in u.lower() or u.lower() in x.lower()
                                           for u in used)]
        h = rng.choice(free or pool)
        used.add(h)
        return h
    if rng.random() < 0.6:
        p.tags = a.tags[:rng.randint(2, len(a.tags))]
        p.tag_label = rng.choice(["Tags:", "In:", "Topics:", "Filed under:", "More on:"])
    if rng.random() < 0.5:
        p.bio = a.bio
    if rng.random() < 0.6:
        p.share = rng.choice(SHARES)
    if rng.random() < 0.35 and layout != "forum":
        p.comment_counter = rng.choice(COMMENT_COUNTERS).format(n=rng.randint(0, 240))
    if rng.random() < 0.55:
        p.widgets.append(Widget(heading(headings), a.related[:rng.randint(3, 5)]))
    if rng.random() < 0.45:
        items = []
        for _ in range(rng.randint(4, 6) * 3):
            h = local_headline(rng, vocab, a.city if rng.random() < 0.5 else None)
            if h not in items and h != a.headline:
                items.append(h)
            if len(items) >= 4 and rng.random() < 0.3:
                break
        if rng.random() < 0.3:
            items.insert(rng.randint(0, len(items)), a.headline)
        p.widgets.append(Widget(heading(headings), items, linked=rng.random() < 0.85))

    if label == "spam":
        brand = vocab.brand(rng)
        want_brand = variant in ("full", "brand", "brand_promo", "splice")
        want_promo = variant in ("full", "promo", "brand_promo")
        if want_brand:
            add_span(p, "injected-brand", brand)
            if variant != "splice":
                pre = rng.choice(["%s:", "%s:", "%s: ", "%s-"]) % brand
                p.h1 = pre + a.headline
                p.title_prefix = pre
            # A bare title prefix without any splice is only allowed when other
            # injections are present: alone it reads like "Okafor: ...".
            nspl = {"splice": [1], "brand": [1, 1, 2]}.get(variant, [0, 1, 1, 2, 2])
            nspl = rng.choice(nspl)
            kinds = ["glue_next", "glue_prev", "prefix"]
            if dl_style:
                kinds += ["comma", "comma", "between"]
            for k in rng.sample(kinds, min(nspl, len(kinds))):
                if k in ("comma", "between"):
                    if dl_brand is None:
                        dl_brand, dl_pos = brand, k
                elif k == "glue_next":
                    allp = [first] + paras
                    glue_next(rng, allp, brand, 0 if not dl_style else 1)
                    first, paras = allp[0], allp[1:]
                elif k == "glue_prev":
                    allp = [first] + paras
                    glue_prev(rng, allp, brand, 0)
                    first, paras = allp[0], allp[1:]
                else:
                    if not dl_style:
                        first = brand + " " + first
                    else:
                        i = rng.randrange(len(paras))
                        paras[i] = brand + " " + paras[i]
        full_site = variant == "full" or (variant in ("brand", "brand_promo") and rng.random() < 0.5)
        title_head = p.h1
        if full_site:
            site = vocab.site_name(rng)
            add_span(p, "site-name", site)
            p.site = site
            sfx = rng.choice([" -%s", " -%s", "-%s", " - %s", "_%s"]) % site
            p.title = title_head + sfx
        else:
            p.title = title_head + sep + news_site
        if variant == "full" or (variant != "splice" and rng.random() < 0.3):
            p.slogan = vocab.slogan(rng)
            add_span(p, "slogan", p.slogan)
        if variant in ("full", "promo") or rng.random() < 0.4:
            p.counter = vocab.counter(rng)
            add_span(p, "junk-widget", p.counter)
        if want_promo or rng.random() < 0.5:
            # Off-topic junk lists.
            used_t = set()
            for _ in range(rng.choice([1, 2, 2, 3])):
                items = [vocab.offtopic(rng, used_t) for _ in range(rng.randint(4, 9))]
                w = Widget(heading(vocab.widget_headings), items, junk=True,
                           linked=rng.random() < 0.75)
                p.widgets.append(w)
                add_span(p, "junk-widget", w.heading)
                for it in items:
                    add_span(p, "junk-widget", it)
        if want_promo:
            junk = [w for w in p.widgets if w.junk]
            if not junk or rng.random() < 0.15:
                items = [vocab.offtopic(rng) for _ in range(rng.randint(2, 6))]
                w = Widget(heading(vocab.widget_headings), items, junk=True, linked=rng.random() < 0.75)
                p.widgets.append(w)
                add_span(p, "junk-widget", w.heading)
                for it in items:
                    add_span(p, "junk-widget", it)
                junk = [w]
            for _ in range(rng.choice([1, 1, 1, 2])):
                promo = vocab.promo(rng)
                w = rng.choice(junk)
                w.items.insert(rng.randint(0, len(w.items)), promo)
                add_span(p, "promo-headline", promo)
        rng.shuffle(p.widgets)
    if dl_style:
        first = dateline(a.city, a.state, dl_style, dl_brand, dl_pos) + first
    p.paras = [first] + paras
    if layout == "forum":
        p.comments = [(vocab.first[rng.randrange(len(vocab.first))].lower() + str(rng.randint(1, 99)),
                       r.format(city=a.city))
                      for r in rng.sample(FORUM_REPLIES, rng.randint(2, 6))]
    elif layout in ("blog", "local-widgets") and label == "ham" and rng.random() < 0.5:
        p.comments = [(vocab.person(rng), r.format(city=a.city))
                      for r in rng.sample(FORUM_REPLIES, rng.randint(1, 3))]
    return p


FORUM_REPLIES = [
    "Thanks for posting this. I had not seen it anywhere else.",
    "Does anyone know if this affects the east side too?",
    "My neighbor said the same thing last week.",
    "This has been a long time coming for {city}.",
    "I drove past there this morning and it looked quiet.",
    "Not surprised at all. Same thing happened a few years ago.",
    "Good news for once. Hope it lasts.",
    "Who is paying for all of this, though?",
    "Anyone going to the meeting on Thursday?",
    "Link to the full report would be nice if someone has it.",
    "We moved to {city} two years ago and this is the first I have heard of it.",
    "Bumping this because it matters.",
]

# ---------------------------------------------------------------------------
# Layouts
# ---------------------------------------------------------------------------


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


def slug(rng):
    return "/%s/%d" % (rng.choice(["news", "a", "story", "p", "article", "n"]), rng.randint(1000, 99999))


NAV = ["News", "Local", "Politics", "Business", "Sports", "Weather", "Opinion",
       "Entertainment", "Health", "Science", "Obituaries", "Video", "Markets"]


def nav_html(rng, cls="main-nav"):
    items = rng.sample(NAV, rng.randint(4, 7))
    return '<nav class="%s"><ul>%s</ul></nav>' % (cls, "".join(
        '<li><a href="/%s/">%s</a></li>' % (i.lower(), i) for i in items))


def head_html(rng, p, extra=""):
    og = p.h1
    charset = rng.choice(['<meta charset="utf-8">',
                          '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'])
    desc = ('\n<meta name="description" content="%s">' % attr(p.paras[-1][:150])) if rng.random() < 0.5 else ""
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n%s\n<title>%s</title>\n'
            '<meta property="og:title" content="%s">%s\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<script>var _q=window._q||[];_q.push(["page",%d]);</script>\n%s</head>\n'
            % (charset, esc(p.title), attr(og), desc, rng.randint(1, 9999), extra))


def widget_html(rng, w):
    style = rng.choice(["ul", "ul", "ol", "divs"]) if w.linked else rng.choice(["plain", "divs-plain"])
    htag = rng.choice(["h2", "h3", "h3", "h4", "div", "strong"])
    hcls = rng.choice(["widget-title", "box-title", "title", "section-head"])
    cls = rng.choice(["widget", "box", "module", "panel", "sidebar-block"])
    out = ['<section class="%s">' % cls if rng.random() < 0.5 else '<div class="%s">' % cls]
    if w.heading:
        out.append('<%s class="%s">%s</%s>' % (htag, hcls, esc(w.heading), htag))
    if style in ("ul", "ol"):
        out.append("<%s>" % style)
        out += ['<li><a href="%s">%s</a></li>' % (slug(rng), esc(i)) for i in w.items]
        out.append("</%s>" % style)
    elif style == "divs":
        out += ['<div class="item"><a href="%s">%s</a></div>' % (slug(rng), esc(i)) for i in w.items]
    elif style == "plain":
        out += ["<p>%s</p>" % esc(i) for i in w.items]
    else:
        out += ['<div class="line">%s</div>' % esc(i) for i in w.items]
    out.append("</section>" if out[0].startswith("<section") else "</div>")
    return "\n".join(out)


def extras_html(rng, p, counter_first=False):
    """Tags, share bar, counter, bio: the article's footer furniture."""
    out = []
    if p.tags:
        out.append('<div class="tags">%s %s</div>' % (esc(p.tag_label), " ".join(
            '<a href="/tag/%d">%s</a>' % (rng.randint(1, 999), esc(t)) for t in p.tags)))
    if p.bio:
        out.append('<p class="author-bio">%s</p>' % esc(p.bio))
    if p.share:
        out.append('<div class="share-bar">%s</div>' % " ".join(
            '<a href="#">%s</a>' % esc(x) for x in p.share.split(" ") if x not in ("|", "·")))
    if p.comment_counter:
        out.insert(rng.randint(0, len(out)), '<a class="comment-count" href="#comments">%s</a>' % esc(p.comment_counter))
    if p.counter:
        out.insert(0 if counter_first else len(out),
                   '<div class="%s">%s</div>' % (rng.choice(["vote", "like-box", "counter", "digg"]), esc(p.counter)))
    return "\n".join(out)


def paras_html(p, cls=None):
    c = ' class="%s"' % cls if cls else ""
    return "\n".join("<p%s>%s</p>" % (c, esc(x)) for x in p.paras)


def slogan_html(rng, p):
    if not p.slogan:
        return ""
    return '<div class="%s">%s</div>\n' % (rng.choice(["slogan", "tagline", "subtitle", "motto"]), esc(p.slogan))


def comments_html(p):
    if not p.comments:
        return ""
    out = ['<div id="comments">']
    for a, t in p.comments:
        out.append('<div class="comment"><span class="author">%s</span> <p>%s</p></div>' % (esc(a), esc(t)))
    out.append("</div>")
    return "\n".join(out)


def footer_html(rng, p):
    return '<footer class="site-footer"><p>%s</p><ul class="links"><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li></ul></footer>' % esc(
        rng.choice(["Copyright %d %s. All rights reserved." % (p.article.date[0], p.site),
                    "%s · Local news you can trust" % p.site, "© %s" % p.site]))


def split_widgets(rng, p):
    main, side = [], []
    for w in p.widgets:
        (side if rng.random() < 0.6 else main).append(w)
    return main, side


def r_news_cms(rng, p):
    main_w, side_w = split_widgets(rng, p)
    return "".join([
        head_html(rng, p), '<body class="article-page">\n<header class="site-header">\n',
        '<div class="logo"><a href="/">%s</a></div>\n' % esc(p.site), nav_html(rng), "\n</header>\n",
        '<main class="content">\n<article class="story">\n',
        '<div class="section-label">%s</div>\n' % esc(p.section) if rng.random() < 0.5 else "",
        "<h1>%s</h1>\n" % esc(p.h1), slogan_html(rng, p),
        '<div class="story-meta"><span class="date">%s</span> <span class="byline">%s</span></div>\n' % (esc(p.date_text), esc(p.byline)),
        '<div class="story-body">\n', paras_html(p), "\n</div>\n", extras_html(rng, p), "\n</article>\n",
        "\n".join(widget_html(rng, w) for w in main_w), "\n", comments_html(p),
        '\n</main>\n<aside class="sidebar">\n', "\n".join(widget_html(rng, w) for w in side_w),
        "\n</aside>\n", footer_html(rng, p), "\n</body>\n</html>\n"])


def r_blog(rng, p):
    n_comments = len(p.comments)
    meta = "Posted by %s on %s" % (p.article.author, p.date_text)
    return "".join([
        head_html(rng, p), '<body class="single-post">\n<div id="page">\n<div id="masthead"><a href="/">%s</a>' % esc(p.site),
        '<p class="site-description">%s</p></div>\n' % esc(rng.choice(["Notes from around the region", "Community news and views", "News, analysis and more"])),
        '<div id="content">\n<div class="entry">\n<h1 class="entry-title">%s</h1>\n' % esc(p.h1), slogan_html(rng, p),
        '<div class="entry-meta">%s</div>\n' % esc(meta),
        '<div class="entry-content">\n', paras_html(p), "\n</div>\n", extras_html(rng, p),
        "\n</div>\n", comments_html(p) if n_comments else "", "\n</div>\n",
        '<div id="sidebar">\n', "\n".join(widget_html(rng, w) for w in p.widgets),
        '\n<div class="widget"><h3>Categories</h3><ul><li><a href="/c/1">%s</a></li><li><a href="/c/2">Community</a></li><li><a href="/c/3">Uncategorized</a></li></ul></div>\n' % esc(p.section),
        '</div>\n<div id="colophon">%s · Powered by a blog engine</div>\n</div>\n</body>\n</html>\n' % esc(p.site)])


def r_wire(rng, p):
    return "".join([
        head_html(rng, p), "<body>\n", '<div class="wire-header">%s · %s</div>\n' % (esc(p.site), esc(p.section)),
        '<div class="story">\n<h1 class="headline">%s</h1>\n' % esc(p.h1), slogan_html(rng, p),
        '<p class="dateline-meta">%s · %s</p>\n' % (esc(p.byline), esc(p.date_text)), paras_html(p),
        "\n", extras_html(rng, p), "\n</div>\n", "\n".join(widget_html(rng, w) for w in p.widgets),
        '\n<p class="copyright">Copyright %d %s. This material may not be republished without permission.</p>\n' % (p.article.date[0], esc(p.site)),
        "</body>\n</html>\n"])


def r_forum(rng, p):
    user = p.article.author.split()[0].lower() + str(rng.randint(10, 99))
    posts = ['<div class="post first"><div class="poster">%s</div><div class="post-body">\n<p>%s</p>\n%s\n</div>%s</div>' % (
        esc(user), esc(rng.choice(["Saw this in the paper today:", "Sharing this article:", "Posting for anyone who missed it:"])),
        "\n".join("<blockquote><p>%s</p></blockquote>" % esc(x) for x in p.paras),
        '<div class="post-footer">Likes: %d</div>' % rng.randint(0, 40) if rng.random() < 0.4 else "")]
    for a, t in p.comments:
        posts.append('<div class="post"><div class="poster">%s</div><div class="post-body"><p>%s</p></div></div>' % (esc(a), esc(t)))
    return "".join([
        head_html(rng, p), '<body class="forum">\n<div class="forum-header"><a href="/">%s</a> &gt; <a href="/forum/local">%s discussion</a></div>\n' % (esc(p.site), esc(p.section)),
        '<h1 class="thread-title">%s</h1>\n' % esc(p.h1), slogan_html(rng, p),
        '<div class="thread-meta">Started by %s · %s</div>\n' % (esc(user), esc(p.date_text)),
        "\n".join(posts), "\n", extras_html(rng, p), "\n",
        "\n".join(widget_html(rng, w) for w in p.widgets),
        '\n<div class="forum-footer">%s community forums · Rules · Help</div>\n</body>\n</html>\n' % esc(p.site)])


SUBHEADS = ["A long road", "The turning point", "What comes next", "Counting the cost",
            "A different approach", "The view from the ground", "Looking ahead", "Old questions, new answers"]


def r_magazine(rng, p):
    body = []
    heads = rng.sample(SUBHEADS, 3)
    for i, x in enumerate(p.paras):
        if i and i % 3 == 0 and heads:
            body.append("<h2>%s</h2>" % esc(heads.pop()))
        body.append("<p>%s</p>" % esc(x))
    quotes = [x for x in p.article.paras if x.startswith("\"")]
    pull = '<blockquote class="pull-quote">%s</blockquote>\n' % esc(quotes[0].split(",\"")[0].strip("\"") + ".") if quotes and rng.random() < 0.6 else ""
    return "".join([
        head_html(rng, p), '<body class="longform">\n<header class="mag-header"><a href="/">%s</a> %s</header>\n' % (esc(p.site), nav_html(rng, "mag-nav")),
        '<article class="feature">\n<p class="rubric">%s</p>\n<h1>%s</h1>\n' % (esc(p.section), esc(p.h1)), slogan_html(rng, p),
        '<p class="dek">%s</p>\n' % esc(p.article.paras[-1]),
        '<p class="byline">%s · %s</p>\n' % (esc(p.byline), esc(p.date_text)), pull,
        "\n".join(body), "\n", extras_html(rng, p), "\n</article>\n",
        "\n".join(widget_html(rng, w) for w in p.widgets), "\n", footer_html(rng, p), "\n</body>\n</html>\n"])


def r_local_widgets(rng, p):
    a = p.article
    weather = '<div class="weather-widget"><h4>%s weather</h4><p>%d°F, %s</p></div>' % (
        esc(a.city), rng.randint(5, 98), rng.choice(["cloudy", "sunny", "light rain", "windy", "snow showers"]))
    events = '<div class="events"><h4>Community calendar</h4><ul>%s</ul></div>' % "".join(
        "<li>%s</li>" % esc(e) for e in rng.sample([
            "Library book sale, Saturday 10 a.m.", "Farmers market, Sunday at Riverside Park",
            "City council meeting, Tuesday 6 p.m.", "Blood drive at the community center",
            "High school spring concert, Thursday 7 p.m.", "Free tax help for seniors"], 3))
    obits = '<div class="obits"><h4>Obituaries</h4><ul>%s</ul></div>' % "".join(
        '<li><a href="%s">%s, %d</a></li>' % (slug(rng), esc(n), rng.randint(61, 99)) for n in
        [p.vocab.person(rng) for _ in range(3)])
    side = [weather, events, obits] + [widget_html(rng, w) for w in p.widgets]
    rng.shuffle(side)
    return "".join([
        head_html(rng, p), '<body>\n<div id="top"><a href="/">%s</a> <span class="edition">%s edition</span></div>\n' % (esc(p.site), esc(a.city)),
        nav_html(rng), '\n<div id="main">\n<div class="article">\n<h1>%s</h1>\n' % esc(p.h1), slogan_html(rng, p),
        '<div class="meta">%s | %s</div>\n' % (esc(p.byline), esc(p.date_text)), paras_html(p), "\n",
        extras_html(rng, p, counter_first=True), "\n", comments_html(p), "\n</div>\n<div id=\"rail\">\n", "\n".join(side),
        "\n</div>\n</div>\n", footer_html(rng, p), "\n</body>\n</html>\n"])


def r_press_release(rng, p):
    a = p.article
    company = a.company or p.issuer
    contact = "%s, %s" % (p.contact, rng.choice(["media relations", "communications director", "press office"]))
    return "".join([
        head_html(rng, p), '<body class="release">\n<div class="wire-brand"><a href="/">%s</a> · News releases</div>\n' % esc(p.site),
        '<div class="release-body">\n<p class="fir">FOR IMMEDIATE RELEASE</p>\n<h1>%s</h1>\n' % esc(p.h1), slogan_html(rng, p),
        '<p class="release-date">%s</p>\n' % esc(p.date_text), paras_html(p), "\n",
        '<h3>About %s</h3>\n<p>%s is a company based in %s, %s. It employs about %d people.</p>\n' % (
            esc(company), esc(company), esc(a.city), esc(a.state), rng.randint(40, 4000)),
        '<p class="contact">Media contact: %s</p>\n' % esc(contact), extras_html(rng, p),
        "\n</div>\n", "\n".join(widget_html(rng, w) for w in p.widgets), "\n</body>\n</html>\n"])


def r_listing(rng, p):
    teasers = []
    for h, t in p.teasers:
        teasers.append('<div class="teaser"><h2><a href="%s">%s</a></h2><p>%s</p></div>' % (slug(rng), esc(h), esc(t)))
    return "".join([
        head_html(rng, p), '<body class="section-front">\n<header><a class="logo" href="/">%s</a>%s</header>\n' % (esc(p.site), nav_html(rng)),
        '<main>\n<h2 class="section-title">%s</h2>\n<div class="lead-story">\n<h1>%s</h1>\n' % (esc(p.section), esc(p.h1)),
        slogan_html(rng, p), '<p class="meta">%s</p>\n' % esc(p.date_text), paras_html(p), "\n", extras_html(rng, p),
        '\n</div>\n<div class="river">\n<h3>More in %s</h3>\n' % esc(p.section), "\n".join(teasers), "\n</div>\n",
        "\n".join(widget_html(rng, w) for w in p.widgets), "\n</main>\n", footer_html(rng, p), "\n</body>\n</html>\n"])


def r_portal(rng, p):
    boxes = "\n".join('<div class="box">%s</div>' % widget_html(rng, w) for w in p.widgets)
    crumbs = rng.choice(["Location:", "Current:", "You are here:", ""])
    return "".join([
        head_html(rng, p, "<style>.col{float:left}.box{border:1px solid #ccc}</style>\n"),
        '<body>\n<div id="top-bar"><a href="/">Home</a> | <a href="/news">News</a> | <a href="/%s">%s</a> | <a href="/video">Video</a></div>\n' % (p.section.lower(), esc(p.section)),
        '<div id="wrapper">\n<div class="col main">\n<div class="crumbs">%s<a href="/">Homepage</a> &gt; <a href="/%s">%s</a></div>\n' % (esc(crumbs), p.section.lower(), esc(p.section)),
        "<h1>%s</h1>\n" % esc(p.h1), slogan_html(rng, p),
        '<div class="info">%s | %s</div>\n' % (esc(p.date_text), esc(p.byline)),
        '<div class="text">\n', paras_html(p), "\n</div>\n", extras_html(rng, p), "\n",
        '<div style="display:none">%s</div>\n' % esc(rng.choice(["ad slot", "tracking", "promo banner"])),
        '</div>\n<div class="col side">\n', boxes, '\n</div>\n</div>\n<div id="footer">%s | <a href="/terms">Terms</a> | <a href="/sitemap">Sitemap</a></div>\n</body>\n</html>\n' % esc(p.site)])


def widget_text(rng, w):
    out = [w.heading] if w.heading else []
    dash = w.linked and rng.random() < 0.8
    out += [("- " + i) if dash else i for i in w.items]
    return out


def r_scraped_text(rng, p):
    lines = []
    crumb = rng.choice(TEXT_BREADCRUMBS).format(sec=p.section)
    glued = rng.random() < 0.65
    lines.append(crumb + p.title if glued else crumb)
    lines.append(p.h1)
    if p.slogan:
        lines.append(p.slogan)
    has_site = any(sp["kind"] == "site-name" for sp in p.spans)
    source = rng.random() < 0.2 or (has_site and not glued)
    lines.append(p.date_text + (" Source:%s" % p.site if source else ""))
    lines += p.paras
    if p.tags:
        lines.append("- " + p.tag_label)
        lines += ["- " + t for t in p.tags]
    if p.bio:
        lines.append(p.bio)
    if p.share:
        lines.append(p.share)
    if p.comment_counter:
        lines.append(p.comment_counter)
    if p.counter:
        lines.append(p.counter)
    for w in p.widgets:
        lines += widget_text(rng, w)
    return "\n".join(lines) + ("\n" if rng.random() < 0.7 else "")


def r_wire_text(rng, p):
    lines = [p.title if rng.random() < 0.3 else p.h1]
    if lines[0] != p.h1:
        lines.append(p.h1)
    if p.slogan:
        lines.append(p.slogan)
    lines.append(p.byline)
    lines.append(p.date_text)
    lines.append("")
    for x in p.paras:
        lines += [x, ""]
    if p.counter:
        lines.append(p.counter)
    if p.comment_counter:
        lines.append(p.comment_counter)
    if p.tags:
        lines.append(p.tag_label + " " + ", ".join(p.tags))
    for w in p.widgets:
        lines.append("")
        lines += widget_text(rng, w)
    lines.append("")
    lines.append("(c) %d %s" % (p.article.date[0], p.site))
    return "\n".join(lines) + "\n"


LAYOUTS = {
    "news-cms": (r_news_cms, "html", 16), "blog": (r_blog, "html", 10),
    "wire": (r_wire, "html", 8), "forum": (r_forum, "html", 8),
    "magazine": (r_magazine, "html", 8), "local-widgets": (r_local_widgets, "html", 10),
    "press-release": (r_press_release, "html", 6), "listing": (r_listing, "html", 8),
    "portal": (r_portal, "html", 10), "scraped-text": (r_scraped_text, "txt", 12),
    "wire-text": (r_wire_text, "txt", 6),
}


def finish_page(rng, vocab, p, layout):
    """Layout-specific extra content (teasers, press-release contacts)."""
    p.vocab = vocab
    if layout == "listing":
        p.teasers = []
        for _ in range(rng.randint(3, 6)):
            o = make_article(rng, vocab)
            p.teasers.append((o.headline, o.lede))
    if layout == "press-release":
        p.issuer = p.article.company or vocab.company(rng)
        p.contact = vocab.person(rng)


CASE_NAMES = {"label": "label-colon", "person": "person-colon", "company": "company-once",
              "brand_promo": "brand+promo"}


def generate(outdir, seed, n_pages, spam_share, side):
    """Writes the corpus; returns the list of label records."""
    rng = random.Random("%s:%d" % (side, seed))
    vocab = Vocab(side)
    n_spam = int(round(n_pages * spam_share))
    labels = ["spam"] * n_spam + ["ham"] * (n_pages - n_spam)
    rng.shuffle(labels)
    names = list(LAYOUTS)
    weights = [LAYOUTS[k][2] for k in names]
    os.makedirs(os.path.join(outdir, "pages"), exist_ok=True)
    records = []
    for i, label in enumerate(labels, 1):
        layout = rng.choices(names, weights)[0]
        prng = random.Random("%s:%d:%d" % (side, seed, i))
        p = build_page(prng, vocab, label, layout)
        finish_page(prng, vocab, p, layout)
        render, ext, _ = LAYOUTS[layout]
        text = render(prng, p)
        rel = "pages/%04d-%s.%s" % (i, layout, ext)
        with open(os.path.join(outdir, rel), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        case = p.variant if label == "spam" else p.mode
        records.append({"file": rel, "label": label, "layout": layout, "spans": p.spans,
                        "case": CASE_NAMES.get(case, case)})
    with open(os.path.join(outdir, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
    return records


def main():
    ap = argparse.ArgumentParser(description="Generate the labeled spamscore corpus.")
    ap.add_argument("outdir", help="corpus directory to write (labels.jsonl + pages/)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--pages", type=int, default=480, help="number of pages (default 480)")
    ap.add_argument("--spam-share", type=float, default=0.5, help="share of spam pages (default 0.5)")
    ap.add_argument("--vocab", choices=["train", "heldout"], default="train",
                    help="which side of the vocabulary split to use (default train)")
    ap.add_argument("--clean", action="store_true",
                    help="delete OUTDIR/pages/* and OUTDIR/labels.jsonl first")
    args = ap.parse_args()
    if args.pages < 1 or not 0.0 <= args.spam_share <= 1.0:
        ap.error("bad --pages or --spam-share")
    pages = os.path.join(args.outdir, "pages")
    if args.clean and os.path.isdir(pages):
        for name in os.listdir(pages):
            os.remove(os.path.join(pages, name))
    recs = generate(args.outdir, args.seed, args.pages, args.spam_share, args.vocab)
    spam = sum(1 for r in recs if r["label"] == "spam")
    for what in ("layout", "case"):
        counts = {}
        for r in recs:
            key = (r["label"], r[what]) if what == "case" else r[what]
            counts[key] = counts.get(key, 0) + 1
        print("%s: %s" % (what, ", ".join("%s %d" % ("/".join(k) if isinstance(k, tuple) else k, v)
                                         for k, v in sorted(counts.items()))), file=sys.stderr)
    print("wrote %d pages (%d spam, %d ham, %d layouts) to %s" % (
        len(recs), spam, len(recs) - spam, len({r["layout"] for r in recs}), args.outdir),
        file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
