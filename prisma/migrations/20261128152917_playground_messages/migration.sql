-- CreateTable
CREATE TABLE "PlaygroundMessage" (
    "id" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "text" TEXT,
    "card" JSONB,
    "replyTo" TEXT,
    "sendKey" TEXT,
    "rev" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlaygroundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlaygroundMessage_sendKey_key" ON "PlaygroundMessage"("sendKey");

-- CreateIndex
CREATE INDEX "PlaygroundMessage_chatId_updatedAt_idx" ON "PlaygroundMessage"("chatId", "updatedAt");
