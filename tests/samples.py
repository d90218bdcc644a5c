"""Hand-written headlines shared by the tests: small, readable, and labelled by us."""

CLICKBAIT = [
    "You Won't Believe What This Dog Did Next",
    "17 Things Only People Who Love Pizza Will Understand",
    "This Simple Trick Will Change The Way You Sleep Forever",
    "Here's Why Everyone Is Talking About This Island",
    "23 Photos That Will Restore Your Faith In Humanity",
    "What Happened Next Will Shock You",
    "Which Disney Princess Are You Really?",
    "These 10 Celebrities Look Totally Different Now",
    "You Need To See This Amazing Video Right Now",
    "Can You Guess Which Food Is The Most Popular?",
    "This Is The Best Thing You Will Read Today",
    "15 Reasons Why Your Cat Is Secretly A Genius",
    "She Opened The Box And Couldn't Believe Her Eyes",
    "The One Weird Trick Doctors Don't Want You To Know",
    "Here Are The Cutest Puppies Of The Year",
    "Uncover the Caribbean's Best-Kept Secret: The Island Everyone is Talking About for Its Safety!",
    "21 Hilarious Tweets That Perfectly Sum Up Mondays",
    "Why You Should Never Eat Breakfast Again",
    "This Man Tried To Cook Dinner And The Results Are Incredible",
    "We Tried The Viral Recipe And Here's What Happened",
]

NEWS = [
    "Peru's Strategic Shift: Aligning with the U.S. to Counter China's Influence",
    "Central bank raises interest rates by a quarter point",
    "Parliament passes budget after late-night vote",
    "Earthquake of magnitude 6.1 strikes off coast of Chile",
    "Union and rail operator agree on new wage deal",
    "Court rejects appeal in corruption case against former mayor",
    "Oil prices fall as OPEC output rises",
    "Government announces inquiry into hospital waiting times",
    "Scientists sequence genome of ancient wheat variety",
    "Senate confirms new ambassador to Japan",
    "Floods displace thousands in northern Bangladesh",
    "City council approves plan for new tram line",
    "Unemployment rate steady at 4.2 percent in October",
    "Election commission publishes final turnout figures",
    "Researchers report decline in Arctic sea ice extent",
    "Prime minister meets European leaders in Brussels",
    "Police arrest two men after bank robbery in Leeds",
    "Drug maker recalls blood pressure tablets over impurity",
    "Regional airline cancels flights amid pilot strike",
    "Supreme Court hears arguments on voting district maps",
]

HYPERBOLE = [
    "I have told you a million times to clean your room",
    "This bag weighs a ton",
    "I am so hungry I could eat a horse",
    "The line at the bank was a mile long",
    "Her smile was brighter than the sun",
    "He runs faster than the speed of light",
    "I waited an eternity for the bus",
    "This is the worst day in the history of the world",
]
LITERAL = [
    "I have told you several times to clean your room",
    "This bag is very heavy",
    "I am very hungry",
    "The line at the bank was long",
    "Her smile was warm",
    "He runs quite fast",
    "I waited a long time for the bus",
    "This is a bad day",
]

BODY_CONSISTENT = (
    "The central bank raised its main interest rate by a quarter point on Tuesday, citing persistent inflation. "
    "The decision was expected by most economists. The governor said further increases were possible.\n\n"
    "Markets reacted calmly, with the currency rising slightly against the dollar."
)
